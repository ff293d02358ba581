/** The columns the importer understands; every other column becomes a custom attribute. */
export type ContactField =
  | "firstName"
  | "lastName"
  | "fullName"
  | "phone"
  | "email"
  | "timezone"
  | "externalId"
  | "appointmentDate"
  | "appointmentTime"
  | "appointmentDateTime"
  | "provider"
  | "location"
  | "optOut";

export type ColumnMapping =
  | { index: number; header: string; kind: "field"; field: ContactField }
  | { index: number; header: string; kind: "attribute"; key: string };

export type HeaderMapping = {
  columns: ColumnMapping[];
  /** Column index per recognised field (the first column that matched, when several did). */
  fields: Partial<Record<ContactField, number>>;
  /** Custom attribute keys in column order. */
  attributeKeys: string[];
};

// Keys are headers squashed by squashHeader(): lower case, letters and digits only.
const FIELD_ALIASES: Record<ContactField, readonly string[]> = {
  firstName: ["firstname", "givenname", "first", "fname", "forename", "patientfirstname", "clientfirstname"],
  lastName: ["lastname", "surname", "familyname", "last", "lname", "patientlastname", "clientlastname"],
  fullName: ["name", "fullname", "patientname", "clientname", "contactname", "customername", "patient", "client"],
  phone: [
    "phone", "mobile", "cell", "phonenumber", "tel", "telephone", "telephonenumber", "mobilephone", "mobilenumber",
    "cellphone", "cellnumber", "cellphonenumber", "phoneno", "mobileno", "primaryphone", "contactnumber", "phone1",
  ],
  email: ["email", "emailaddress", "mail", "emailid"],
  timezone: ["timezone", "tz", "zone", "timezonename"],
  externalId: [
    "id", "patientid", "externalid", "mrn", "clientid", "customerid", "contactid", "medicalrecordnumber", "chartnumber",
    "patientnumber", "recordnumber", "patnum", "patientno", "patientnum", "chartno", "chart", "chartid", "mrnumber",
  ],
  appointmentDate: ["appointmentdate", "apptdate", "date", "visitdate", "appointmentday"],
  appointmentTime: ["appointmenttime", "appttime", "time", "visittime", "starttime"],
  appointmentDateTime: [
    "appointment", "appt", "appointmentdatetime", "apptdatetime", "appointmentat", "appointmentstart", "startsat",
    "nextappointment", "visit", "datetime",
  ],
  provider: ["provider", "doctor", "dentist", "physician", "practitioner", "providername", "doctorname", "hygienist", "therapist"],
  location: ["location", "office", "clinic", "site", "branch", "officelocation", "clinicname", "locationname"],
  optOut: ["optout", "optedout", "donotcall", "dnc", "donotcontact", "nocall", "donotphone", "unsubscribed"],
};

const FIELD_BY_ALIAS = new Map<string, ContactField>(
  Object.entries(FIELD_ALIASES).flatMap(([field, aliases]) => aliases.map((alias) => [alias, field as ContactField] as const)),
);

/** "First Name", "first_name", "FirstName" and "FIRST-NAME" all squash to "firstname". */
export function squashHeader(header: string): string {
  return header.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

/** The recognised field a header stands for, or null for a custom column. */
export function matchHeader(header: string): ContactField | null {
  return FIELD_BY_ALIAS.get(squashHeader(header)) ?? null;
}

/** "Insurance Plan" → "insurancePlan", "last_visit_date" → "lastVisitDate", "HMO ID" → "hmoId". */
export function toAttributeKey(header: string): string {
  const words = header
    // Split camelCase and acronym boundaries before lower-casing, so "insurancePlan" keeps its two words.
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, "$1 $2")
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, "$1 $2")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "")
    .map((word) => word.toLowerCase());
  return words.map((word, i) => (i === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1))).join("");
}

/** Longest custom attribute key; a longer header's key is cut to this. */
export const MAX_ATTRIBUTE_KEY_CHARS = 64;

/**
 * Maps a header row to fields and custom attributes. The first column matching a field wins; a second
 * column for the same field (say "Home Phone" after "Mobile") is kept as a custom attribute rather than lost.
 */
export function mapHeaders(headers: readonly string[]): HeaderMapping {
  const fields: Partial<Record<ContactField, number>> = {};
  const usedKeys = new Set<string>();
  const attributeKeys: string[] = [];
  const columns = headers.map((raw, index): ColumnMapping => {
    const header = raw.trim();
    const field = matchHeader(header);
    if (field && fields[field] === undefined) {
      fields[field] = index;
      return { index, header, kind: "field", field };
    }
    // A header may be as long as the file allows; its key is read by every template, so it is kept short.
    const base = Array.from(toAttributeKey(header)).slice(0, MAX_ATTRIBUTE_KEY_CHARS).join("") || `column${index + 1}`;
    let key = base;
    for (let n = 2; usedKeys.has(key); n++) key = `${base}${n}`;
    usedKeys.add(key);
    attributeKeys.push(key);
    return { index, header, kind: "attribute", key };
  });
  return { columns, fields, attributeKeys };
}
