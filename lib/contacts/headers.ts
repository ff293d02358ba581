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
  | "optOut"
  | "homePhone"
  | "workPhone"
  | "status"
  | "language";

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
  // The fields below are guessed by guessColumns only: mapHeaders keeps its earlier answer for them (a custom column).
  homePhone: [],
  workPhone: [],
  status: [],
  language: [],
};

/**
 * Headers guessColumns also understands. mapHeaders, the older reading, leaves them custom columns; the
 * import reads them through guessColumns, and keeps a home or work phone's value as a custom field too.
 */
const GUESS_ALIASES: Partial<Record<ContactField, readonly string[]>> = {
  phone: ["wirelessphone", "wireless", "cellphoneno", "mobilephoneno", "patientmobilephone", "patientcellphone", "clientmobilephone", "mobilenumber1", "cell#", "textphone"],
  homePhone: ["homephone", "hmphone", "home", "homenumber", "homephonenumber", "homeno", "patienthomephone", "clienthomephone", "residencephone", "homephoneno", "landline"],
  workPhone: ["workphone", "wkphone", "work", "worknumber", "workphonenumber", "businessphone", "officephone", "patientworkphone", "clientworkphone", "daytimephone"],
  status: ["status", "apptstatus", "aptstatus", "appointmentstatus", "visitstatus", "schedulestatus", "apptstat", "bookingstatus"],
  language: ["language", "preferredlanguage", "idioma", "lang", "spokenlanguage", "primarylanguage", "patientlanguage", "clientlanguage", "languagepreference", "langue"],
  fullName: ["patientnamelastfirst", "ptname", "pt", "patientfullname", "clientfullname"],
  appointmentDateTime: ["aptdatetime", "appointmentdateandtime", "apptdateandtime", "startdatetime", "appointmentstartdatetime"],
  appointmentTime: ["appttime", "apttime", "startat"],
  provider: ["renderingprovider", "apptprovider", "appointmentprovider", "clinician", "scheduledprovider", "provabbr", "provideabbr", "providerabbr"],
  location: ["department", "facility", "apptdepartment", "servicedepartment", "clinicabbr"],
  externalId: ["clientnumber", "accountnumber", "account", "patientaccount", "chart#", "chartnum"],
};


const FIELD_BY_ALIAS = new Map<string, ContactField>(
  Object.entries(FIELD_ALIASES).flatMap(([field, aliases]) => aliases.map((alias) => [alias, field as ContactField] as const)),
);

/** "First Name", "first_name", "FirstName" and "FIRST-NAME" all squash to "firstname". */
export function squashHeader(header: string): string {
  return header.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

const GUESS_BY_ALIAS = new Map<string, ContactField>(
  Object.entries(GUESS_ALIASES).flatMap(([field, aliases]) => aliases.map((alias) => [alias, field as ContactField] as const)),
);

/** The recognised field a header stands for, or null for a custom column. */
export function matchHeader(header: string): ContactField | null {
  return FIELD_BY_ALIAS.get(squashHeader(header)) ?? null;
}

/** matchHeader, and the headers only guessColumns reads (home and work phone, status, language, …). */
export function guessField(header: string): ContactField | null {
  const squashed = squashHeader(header);
  return FIELD_BY_ALIAS.get(squashed) ?? GUESS_BY_ALIAS.get(squashed) ?? GUESS_BY_ALIAS.get(header.toLowerCase().replace(/[^\p{L}\p{N}#]+/gu, "")) ?? null;
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

/** What the import does with one column: a contact field, a custom field, or nothing. */
export type ColumnRole = ContactField | "custom" | "ignore";

export const COLUMN_ROLES = [
  "firstName", "lastName", "fullName", "phone", "homePhone", "workPhone", "email", "appointmentDate", "appointmentTime", "appointmentDateTime",
  "provider", "location", "status", "externalId", "language", "timezone", "optOut", "custom", "ignore",
] as const satisfies readonly ColumnRole[];

/** The phone columns, in the order the import tries them unless told otherwise: the first with a callable number is called. */
export const PHONE_FIELDS = ["phone", "homePhone", "workPhone"] as const;
export type PhoneField = (typeof PHONE_FIELDS)[number];

/**
 * Exports of practice-management systems, header by header (squashed as by squashHeader). A file whose
 * headers are mostly one system's columns is read with that system's table, without a question.
 *
 * Where the column names come from (public pages, read when this table was written):
 * - Open Dental: the database documentation of the `patient` table (PatNum, LName, FName, Preferred,
 *   WirelessPhone, HmPhone, WkPhone, Email, Language) and the `appointment` table (AptNum, AptDateTime,
 *   AptStatus with its values Scheduled, Complete, UnschedList, ASAP, Broken, Planned, PtNote,
 *   PtNoteCompleted); the manual's "Edit Patient Information" and "Broken Appointments Report" pages; the
 *   ApptStatus enumeration in the published Open Dental source.
 * - Dentrix: the Dentrix and Dentrix Ascend help pages "Changing appointment statuses" (Confirmed,
 *   Unconfirmed, Left Message, Here, Ready, Chair, Checkout, Complete, Broken, No Show, Late) and "Assigning
 *   default appointment settings" (?????? for unconfirmed, FIRM, FIRM-E, HERE, READY, LMM, LMP), and the
 *   Appointment List report's columns (patient name as "Last, First", chart number, phones, provider).
 * - Eaglesoft: the Patterson Eaglesoft user guide (patient demographics, appointment lists) and the
 *   public page "How … Handles Failed, Cancelled and Broken Appointments In Eaglesoft".
 * - athenaOne: the athenaOne help page "Schedule Appointment" and the appointment payload published for
 *   athenahealth integrations (appointment_date, appointment_time, appointment_status FUTURE, cancel
 *   reasons, check-in and check-out); its report columns are named "Patient ID", "Patient First Name",
 *   "Appt Date", "Appt Time", "Appt Status", "Patient Mobile Phone" and the like.
 * - SimplePractice: the support pages "How to change an appointment status" (Show, Canceled, Late
 *   Canceled, No Show, Clinician Canceled) and "Editing a client's information" (legal first and last
 *   name, preferred name, phones by type, clinician, location).
 * The Dentrix, Eaglesoft and athenaOne column sets follow the labels those pages use; a report laid out
 * differently by a practice falls back to the general guess and, if that is unsure, to the mapping step.
 */
export const KNOWN_EXPORTS: readonly { id: string; name: string; columns: Readonly<Record<string, ColumnRole>> }[] = [
  {
    id: "open-dental",
    name: "Open Dental",
    columns: {
      patnum: "externalId", lname: "lastName", fname: "firstName", preferred: "custom", middlei: "ignore",
      wirelessphone: "phone", hmphone: "homePhone", wkphone: "workPhone", email: "email", language: "language",
      aptnum: "ignore", aptdatetime: "appointmentDateTime", aptstatus: "status", provnum: "ignore", provabbr: "provider",
      provider: "provider", clinicnum: "ignore", clinic: "location", clinicabbr: "location", confirmed: "custom",
      patient: "fullName", pattern: "ignore", aptlength: "ignore", txtmsgok: "ignore", birthdate: "ignore", note: "ignore",
    },
  },
  {
    id: "dentrix",
    name: "Dentrix",
    columns: {
      patientname: "fullName", chart: "externalId", chartnumber: "externalId", chartno: "externalId", apptdate: "appointmentDate",
      appttime: "appointmentTime", apptlength: "ignore", provider: "provider", operatory: "custom", status: "status",
      apptstatus: "status", homephone: "homePhone", mobilephone: "phone", cellphone: "phone", workphone: "workPhone",
      email: "email", apptreason: "custom", appointmentreason: "custom", preferredlanguage: "language", clinic: "location",
      birthdate: "ignore", amount: "ignore",
    },
  },
  {
    id: "eaglesoft",
    name: "Eaglesoft",
    columns: {
      patientid: "externalId", lastname: "lastName", firstname: "firstName", preferredname: "custom", homephone: "homePhone",
      cellphone: "phone", workphone: "workPhone", emailaddress: "email", appointmentdate: "appointmentDate",
      starttime: "appointmentTime", duration: "ignore", provider: "provider", providerid: "ignore", chair: "custom",
      appointmentstatus: "status", confirmationstatus: "custom", language: "language", birthdate: "ignore", location: "location",
    },
  },
  {
    id: "athenaone",
    name: "athenaOne",
    columns: {
      patientid: "externalId", patientfirstname: "firstName", patientlastname: "lastName", patientmiddlename: "ignore",
      patientmobilephone: "phone", patienthomephone: "homePhone", patientworkphone: "workPhone", patientemail: "email",
      apptdate: "appointmentDate", appttime: "appointmentTime", apptstatus: "status", appttype: "custom", apptid: "ignore",
      apptschedulingprovider: "provider", renderingprovider: "provider", schedulingprovider: "provider", provider: "provider",
      department: "location", servicedepartment: "location", patientlanguage: "language", language: "language",
      patientdob: "ignore", apptcancelreason: "custom", apptduration: "ignore",
    },
  },
  {
    id: "simplepractice",
    name: "SimplePractice",
    columns: {
      client: "fullName", clientid: "externalId", firstname: "firstName", lastname: "lastName", legalfirstname: "firstName",
      legallastname: "lastName", preferredname: "custom", mobilephone: "phone", homephone: "homePhone", workphone: "workPhone",
      email: "email", date: "appointmentDate", time: "appointmentTime", starttime: "appointmentTime", clinician: "provider",
      location: "location", status: "status", appointmentstatus: "status", service: "custom", servicecode: "ignore",
      duration: "ignore", billingtype: "ignore", dateofbirth: "ignore", language: "language", fee: "ignore",
    },
  },
];

/** The export a header row comes from: most of its headers are that system's, and the system's key columns are there. */
export function detectKnownExport(headers: readonly string[]): (typeof KNOWN_EXPORTS)[number] | null {
  const squashed = headers.map((h) => squashHeader(h)).filter((h) => h !== "");
  if (squashed.length < 3) return null;
  let best: { system: (typeof KNOWN_EXPORTS)[number]; hits: number } | null = null;
  for (const system of KNOWN_EXPORTS) {
    const roles = squashed.map((h) => system.columns[h]);
    const hits = roles.filter((r) => r !== undefined).length;
    const hasPhone = roles.some((r) => r === "phone" || r === "homePhone" || r === "workPhone");
    const hasName = roles.some((r) => r === "firstName" || r === "lastName" || r === "fullName");
    // Four in five of the file's headers, a phone and a name: a generic file rarely looks this much like one system.
    if (hasPhone && hasName && hits / squashed.length >= 0.8 && (!best || hits > best.hits)) best = { system, hits };
  }
  return best?.system ?? null;
}

export type ColumnGuess = {
  index: number;
  header: string;
  role: ColumnRole;
  /** True when the role comes from a known export, a remembered mapping or a recognised header; false for a custom column by default. */
  recognised: boolean;
};

export type ColumnsGuess = {
  columns: ColumnGuess[];
  /** The known export the file was read as, if any. */
  system: { id: string; name: string } | null;
  source: "remembered" | "known" | "guessed" | "given";
  /** The order in which phone columns are tried. */
  phoneOrder: PhoneField[];
  /** True when the file can be imported without asking: a remembered mapping, a known export, or a phone and a name found. */
  complete: boolean;
};

/** A mapping as a person or an API caller gives it: a role per header (unnamed headers keep their guess). */
export type GivenMapping = { columns: Record<string, ColumnRole>; phoneOrder?: PhoneField[] };

/**
 * The product's guess for each column: a mapping given with the file wins, then a mapping remembered for
 * these headers, then a known export's table, then the header aliases (the first column per field wins; a
 * later one becomes a custom field).
 */
export function guessColumns(headers: readonly string[], options: { given?: GivenMapping; remembered?: GivenMapping } = {}): ColumnsGuess {
  const chosen = options.given ?? options.remembered;
  const system = chosen ? null : detectKnownExport(headers);
  const taken = new Set<ContactField>();
  const columns = headers.map((raw, index): ColumnGuess => {
    const header = raw.trim();
    const picked = chosen?.columns[header];
    const known = system?.columns[squashHeader(header)];
    let role: ColumnRole;
    let recognised = true;
    if (picked !== undefined) role = picked;
    else if (known !== undefined) role = known;
    else {
      const field = guessField(header);
      role = field ?? "custom";
      recognised = field !== null;
    }
    if (role !== "custom" && role !== "ignore") {
      if (taken.has(role)) {
        role = "custom";
        recognised = picked !== undefined;
      } else taken.add(role);
    }
    return { index, header, role, recognised };
  });
  const hasPhone = columns.some((c) => (PHONE_FIELDS as readonly string[]).includes(c.role));
  const hasName = columns.some((c) => c.role === "firstName" || c.role === "lastName" || c.role === "fullName");
  const source = options.given ? "given" : options.remembered ? "remembered" : system ? "known" : "guessed";
  const phoneOrder = normalisePhoneOrder(chosen?.phoneOrder);
  return {
    columns,
    system: system && { id: system.id, name: system.name },
    source,
    phoneOrder,
    complete: hasPhone && (source !== "guessed" || hasName),
  };
}

function normalisePhoneOrder(order: readonly PhoneField[] | undefined): PhoneField[] {
  const seen = [...new Set((order ?? []).filter((f) => (PHONE_FIELDS as readonly string[]).includes(f)))];
  return [...seen, ...PHONE_FIELDS.filter((f) => !seen.includes(f))];
}

/** The guess as the parser reads it: each field's column, custom fields with their keys, ignored columns left out. */
export type ImportMapping = HeaderMapping & { phoneOrder: PhoneField[]; /** Columns in the header row. */ width: number };

export function toHeaderMapping(guess: ColumnsGuess): ImportMapping {
  const fields: Partial<Record<ContactField, number>> = {};
  const usedKeys = new Set<string>();
  const attributeKeys: string[] = [];
  const columns: ColumnMapping[] = [];
  const attribute = (index: number, header: string) => {
    const base = Array.from(toAttributeKey(header)).slice(0, MAX_ATTRIBUTE_KEY_CHARS).join("") || `column${index + 1}`;
    let key = base;
    for (let n = 2; usedKeys.has(key); n++) key = `${base}${n}`;
    usedKeys.add(key);
    attributeKeys.push(key);
    columns.push({ index, header, kind: "attribute", key });
  };
  for (const c of guess.columns) {
    if (c.role === "ignore") continue;
    if (c.role === "custom") {
      attribute(c.index, c.header);
      continue;
    }
    fields[c.role] = c.index;
    columns.push({ index: c.index, header: c.header, kind: "field", field: c.role });
    // These columns were custom fields before the import understood them: their values stay there too, as
    // the file wrote them, so templates and exports that use them keep working.
    if (c.role === "homePhone" || c.role === "workPhone" || c.role === "language" || c.role === "status") attribute(c.index, c.header);
  }
  return { columns, fields, attributeKeys, phoneOrder: guess.phoneOrder, width: guess.columns.length };
}
