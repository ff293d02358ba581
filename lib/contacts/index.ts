export { importContactsCsv, previewContactsCsv, listContacts, getContactIdsForOrganization, listCustomAttributeKeys, countContacts } from "./service";
export { toContactFilter } from "./filter";
export type { ImportReport, ContactDto, ImportPreview, ImportPreviewRow } from "./service";
export { getContactDetail, updateContact, deleteContact, deleteContacts, exportContactsCsv, contactNotFound, type ContactDetail } from "./manage";
export {
  optOutContact,
  optInContact,
  addDoNotCallNumbers,
  importDoNotCallCsv,
  previewDoNotCallCsv,
  listDoNotCallBatches,
  undoDoNotCallBatch,
  optOutPhoneByCall,
  findDoNotCallPhones,
  recordAppointmentAnswer,
  type DoNotCallReport,
  type DoNotCallPreview,
  type DoNotCallBatchDto,
} from "./do-not-call";
export {
  listContactLists,
  getContactList,
  createContactList,
  renameContactList,
  deleteContactList,
  addContactsToList,
  removeContactsFromList,
  countListContacts,
  listNotFound,
  MAX_LISTS_PER_ORGANIZATION,
  type ListDto,
} from "./lists";
export {
  getNextAppointments,
  getContactsForCampaign,
  hasAppointmentBetween,
  hasNoRemindedAppointment,
  firstNotRemindedStatus,
  isInList,
  isOptedOut,
  listContactIdsWithAppointmentBetween,
  nextAppointmentJoin,
  toNextAppointment,
  insertRecipientsForContacts,
  selectRecipientContacts,
  walkRecipientContactPages,
  countNotRemindedRecipientContacts,
  countCallableRecipientContacts,
  countOptedOutRecipientContacts,
  deleteOptedOutRecipientContacts,
  selectRecipientContactRows,
  selectRecipientContactNames,
} from "./queries";
export type {
  NextAppointment,
  NextAppointmentColumns,
  CampaignContactRow,
  ImportChange,
  ContactRecipients,
  ContactSelection,
  RecipientContactRow,
  RecipientContactListRow,
} from "./queries";
export { parseContactsCsv, splitFullName, readCsvText, detectDelimiter, MAX_CSV_BYTES, MAX_CSV_ROWS, MAX_CSV_CELL_CHARS, MAX_ATTRIBUTES_PER_CONTACT, MAX_ATTRIBUTE_KEYS_PER_ORGANIZATION } from "./csv";
export type { ImportIssue, ImportWarning, ParsedContactsCsv, ParseContactsOptions } from "./csv";
export { checkPhone, countryForTimeZone, countryName, callingCodeOf, formatPhoneNational, isPhoneCountry, normalizePhone, DEFAULT_PHONE_COUNTRY } from "@/lib/values/phone";
export type { CountryCode, PhoneProblem, PhoneProblemCode } from "@/lib/values/phone";
export { mapHeaders, matchHeader, guessField, guessColumns, detectKnownExport, toAttributeKey, KNOWN_EXPORTS, COLUMN_ROLES, PHONE_FIELDS } from "./headers";
export type { ContactField, HeaderMapping, ColumnRole, ColumnsGuess, GivenMapping, PhoneField } from "./headers";
export { normaliseAppointmentStatus, isReminded, APPOINTMENT_STATUSES, NOT_REMINDED_STATUSES, STATUS_LABELS } from "./appointment-status";
export type { AppointmentStatus } from "./appointment-status";
export { normaliseLanguage } from "./language";
export { canonicalTimeZone, isValidTimeZone } from "@/lib/values/datetime";
export {
  listContactsSchema,
  contactFilterSchema,
  importContactsCsvSchema,
  importMappingSchema,
  contactIdsSchema,
  contactIdSchema,
  updateContactSchema,
  deleteContactsSchema,
  optOutSchema,
  doNotCallNumbersSchema,
  doNotCallBatchIdSchema,
  listIdSchema,
  createListSchema,
  renameListSchema,
  listMembersSchema,
  CONTACT_SORTS,
  MAX_UPCOMING_DAYS,
  MAX_LIST_NAME_CHARS,
} from "./schemas";
export type { ListContactsInput, ImportContactsCsvFields, ContactSort, ContactFilterInput, UpdateContactInput } from "./schemas";
export {
  appointmentWindowSchema,
  appointmentWindowParamSchema,
  describeAppointmentWindow,
  formatAppointmentWindowParam,
  localDateOf,
  resolveAppointmentWindow,
  MAX_WINDOW_DAYS,
} from "./appointment-window";
export type { AppointmentWindow, AppointmentRange } from "./appointment-window";
