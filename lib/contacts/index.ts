export { importContactsCsv, listContacts, getContactIdsForOrganization, listCustomAttributeKeys, countContacts } from "./service";
export { toContactFilter } from "./filter";
export type { ImportReport, ContactDto } from "./service";
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
  isInList,
  isOptedOut,
  listContactIdsWithAppointmentBetween,
  nextAppointmentJoin,
  toNextAppointment,
} from "./queries";
export type { NextAppointment, NextAppointmentColumns, CampaignContactRow, ImportChange } from "./queries";
export { parseContactsCsv, splitFullName, readCsvText, detectDelimiter, MAX_CSV_BYTES, MAX_CSV_ROWS, MAX_CSV_CELL_CHARS, MAX_ATTRIBUTES_PER_CONTACT, MAX_ATTRIBUTE_KEYS_PER_ORGANIZATION } from "./csv";
export type { ImportIssue, ImportWarning, ParsedContactsCsv, ParseContactsOptions } from "./csv";
export { checkPhone, countryForTimeZone, countryName, callingCodeOf, formatPhoneNational, isPhoneCountry, normalizePhone, DEFAULT_PHONE_COUNTRY } from "./phone";
export type { CountryCode, PhoneProblem, PhoneProblemCode } from "./phone";
export { mapHeaders, matchHeader, toAttributeKey } from "./headers";
export type { ContactField, HeaderMapping } from "./headers";
export { canonicalTimeZone, isValidTimeZone } from "./datetime";
export {
  listContactsSchema,
  contactFilterSchema,
  importContactsCsvSchema,
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
