import { z } from "zod";
import { contactFilterSchema, contactIdSchema, createListSchema, deleteContactsSchema, doNotCallBatchIdSchema, doNotCallNumbersSchema, importContactsCsvSchema, listContactsSchema, listIdSchema, listMembersSchema, optOutSchema, renameListSchema, updateContactSchema } from "@/lib/contacts";
import { type ApiPaths, jsonBody, jsonResponse } from "./operation";

/** The contacts operations of the web API, by path (see lib/openapi/index.ts). */
export const contactsPaths: ApiPaths = {
  "/api/contacts": {
    get: { summary: "List contacts", tags: ["Contacts"], requestParams: { query: listContactsSchema }, responses: { "200": jsonResponse("A page of contacts with their next appointment, and the total") } },
    delete: {
      summary: "Delete contacts",
      description: "Their appointments and list memberships go, and they leave every campaign's recipients; audio and the do-not-call list are kept.",
      tags: ["Contacts"],
      requestBody: { required: true, content: { "application/json": { schema: deleteContactsSchema } } },
      responses: { "200": jsonResponse("How many were deleted") },
    },
  },
  "/api/contacts/{id}": {
    get: {
      summary: "Get a contact",
      tags: ["Contacts"],
      requestParams: { path: contactIdSchema },
      responses: { "200": jsonResponse("The contact with its appointments, do-not-call state, lists and campaigns"), "404": jsonResponse("contact_not_found") },
    },
    patch: {
      summary: "Edit a contact",
      description: "Absent fields stay as they are; an empty string clears a field. The phone number is normalised to E.164 with the organisation's phone country.",
      tags: ["Contacts"],
      requestParams: { path: contactIdSchema },
      requestBody: jsonBody(updateContactSchema),
      responses: {
        "200": jsonResponse("The edited contact"),
        "404": jsonResponse("contact_not_found"),
        "422": jsonResponse("phone_invalid or timezone_invalid"),
      },
    },
    delete: {
      summary: "Delete a contact",
      description: "Its appointments and list memberships go, and it leaves every campaign's recipients; audio and the do-not-call list are kept.",
      tags: ["Contacts"],
      requestParams: { path: contactIdSchema },
      responses: { "200": jsonResponse("How many were deleted"), "404": jsonResponse("contact_not_found") },
    },
  },
  "/api/contacts/{id}/campaigns": {
    get: {
      summary: "List a contact's campaigns",
      description: "The campaigns (drafts included) that have this contact among their recipients, newest first; none for an unknown contact.",
      tags: ["Contacts"],
      requestParams: { path: contactIdSchema },
      responses: { "200": jsonResponse("The campaigns as `items`") },
    },
  },
  "/api/contacts/{id}/opt-out": {
    put: {
      summary: "Opt a contact out",
      description: "The number goes on the do-not-call list, whoever has it later; campaigns leave it out when they plan. The body may be empty.",
      tags: ["Contacts"],
      requestParams: { path: contactIdSchema },
      requestBody: { required: false, content: { "application/json": { schema: optOutSchema } } },
      responses: { "200": jsonResponse("The contact, now opted out"), "404": jsonResponse("contact_not_found") },
    },
    delete: {
      summary: "Opt a contact back in",
      description: "Takes the contact's number off the do-not-call list.",
      tags: ["Contacts"],
      requestParams: { path: contactIdSchema },
      responses: { "200": jsonResponse("The contact, no longer opted out"), "404": jsonResponse("contact_not_found") },
    },
  },
  "/api/contacts/do-not-call": {
    post: {
      summary: "Add numbers to the do-not-call list",
      description:
        "The numbers are kept whether or not a contact has them today, so a later import of one is left out of campaigns too. As JSON, or as a CSV with one number a line (a text/csv body or a multipart `file`, with an optional `reason` field). Invalid numbers are reported by row; the rest are kept. At most 5 MB, 50,000 numbers. The numbers are saved as one batch (`batch` in the answer): POST /api/contacts/do-not-call/batches/{id}/undo takes exactly the numbers it added off the list again. POST /api/contacts/do-not-call/preview says what a file would do without saving anything.",
      tags: ["Contacts"],
      requestBody: {
        required: true,
        content: {
          "application/json": { schema: doNotCallNumbersSchema },
          "text/csv": { schema: z.string() },
          "multipart/form-data": { schema: z.object({ file: z.string().meta({ format: "binary" }), reason: optOutSchema.shape.reason }) },
        },
      },
      responses: { "200": jsonResponse("The report: numbers given, newly added, matching contacts, per-row errors, and the batch to undo it by"), "422": jsonResponse("csv_invalid: no number could be read, or the file is too large") },
    },
  },
  "/api/contacts/do-not-call/batches": {
    get: {
      summary: "List bulk opt-outs",
      description: "The latest 20 bulk opt-outs, each with how many numbers it added and whether it was undone.",
      tags: ["Contacts"],
      responses: { "200": jsonResponse("The batches, newest first") },
    },
  },
  "/api/contacts/do-not-call/batches/{id}/undo": {
    post: {
      summary: "Undo a bulk opt-out",
      description:
        "The numbers the batch put on the do-not-call list leave it, in one step. A number's own opt-out (by hand, or for one contact through the API), before or after the batch, stays. Undoing an undone batch changes nothing.",
      tags: ["Contacts"],
      requestParams: { path: doNotCallBatchIdSchema },
      responses: { "200": jsonResponse("The batch, now undone, with how many numbers it removed"), "404": jsonResponse("do_not_call_batch_not_found") },
    },
  },
  "/api/contacts/do-not-call/preview": {
    post: {
      summary: "Preview a do-not-call file",
      description:
        "Reads the file as POST /api/contacts/do-not-call would and answers how many numbers it would opt out, how many are opted out already, how many belong to contacts, and a warning when the file looks like a contact or appointment export. Nothing is saved.",
      tags: ["Contacts"],
      requestBody: {
        required: true,
        content: {
          "text/csv": { schema: z.string() },
          "multipart/form-data": { schema: z.object({ file: z.string().meta({ format: "binary" }) }) },
        },
      },
      responses: { "200": jsonResponse("numbers, newOptOuts, alreadyOptedOut, matchedContacts, errors, warning"), "422": jsonResponse("csv_invalid: no number could be read, or the file is too large") },
    },
  },
  "/api/contacts/export": {
    get: {
      summary: "Export contacts as CSV",
      description: "Every contact the filter matches (not one page), in the columns the contacts import reads back.",
      tags: ["Contacts"],
      requestParams: { query: contactFilterSchema },
      responses: { "200": { description: "A CSV attachment", content: { "text/csv": { schema: z.string() } } } },
    },
  },
  "/api/contacts/import": {
    post: {
      summary: "Import contacts from CSV",
      description:
        "Good rows are imported and bad rows reported by spreadsheet row number, in one transaction. At most 5 MB, 50,000 rows, 2,000 characters a cell. Columns are read by `mapping` when given (and it is remembered for the next file with the same headers), else by the organisation's remembered mapping for these headers, else as a known practice export (Open Dental, Dentrix, Eaglesoft, athenaOne, SimplePractice), else by header names. POST /api/contacts/import/preview shows the reading without importing.",
      tags: ["Contacts"],
      requestParams: { query: importContactsCsvSchema },
      requestBody: {
        required: true,
        content: { "text/csv": { schema: z.string() }, "multipart/form-data": { schema: z.object({ file: z.string().meta({ format: "binary" }), listName: z.string().optional(), mapping: z.string().optional().meta({ description: "JSON column mapping, as the `mapping` query parameter" }) }) } },
      },
      responses: { "200": jsonResponse("The import report: counts, per-row errors, each saved contact's name or time zone the file changed (changes), the list joined and the campaigns made stale"), "422": jsonResponse("csv_invalid: no good row, no phone column, too large"), "507": jsonResponse("storage_full: the embedded database's disk has not the room for this import") },
    },
  },
  "/api/contacts/import/preview": {
    post: {
      summary: "Preview a contacts CSV import (dry run)",
      description:
        "Reads the file as POST /api/contacts/import would, without writing: each column with its role (the given mapping, else the organisation's remembered one for these headers, else a known practice export's, else the header's guess), whether the file would import without a question (`complete`), the first rows as they would be stored, and the rows that would fail.",
      tags: ["Contacts"],
      requestParams: { query: importContactsCsvSchema.pick({ mapping: true }) },
      requestBody: {
        required: true,
        content: { "text/csv": { schema: z.string() }, "multipart/form-data": { schema: z.object({ file: z.string().meta({ format: "binary" }), mapping: z.string().optional() }) } },
      },
      responses: { "200": jsonResponse("The mapping step: headers, columns with role and samples, source (given, remembered, known, guessed), system, complete, phoneOrder, rows, errors, warnings, problem"), "422": jsonResponse("csv_invalid: an empty file") },
    },
  },
  "/api/lists": {
    get: { summary: "List contact lists", tags: ["Lists"], responses: { "200": jsonResponse("The lists with their member counts, as `items`") } },
    post: {
      summary: "Create a contact list",
      tags: ["Lists"],
      requestBody: jsonBody(createListSchema),
      responses: { "201": jsonResponse("The new, empty list"), "409": jsonResponse("list_name_taken"), "422": jsonResponse("too_many_lists (at most 1,000 per organisation)") },
    },
  },
  "/api/lists/{id}": {
    get: { summary: "Get a contact list", tags: ["Lists"], requestParams: { path: listIdSchema }, responses: { "200": jsonResponse("The list with its member count"), "404": jsonResponse("list_not_found") } },
    patch: {
      summary: "Rename a contact list",
      tags: ["Lists"],
      requestParams: { path: listIdSchema },
      requestBody: jsonBody(renameListSchema),
      responses: { "200": jsonResponse("The renamed list"), "404": jsonResponse("list_not_found"), "409": jsonResponse("list_name_taken") },
    },
    delete: {
      summary: "Delete a contact list",
      description: "Its contacts stay.",
      tags: ["Lists"],
      requestParams: { path: listIdSchema },
      responses: { "200": jsonResponse("`deleted: true`"), "404": jsonResponse("list_not_found") },
    },
  },
  "/api/lists/{id}/members": {
    post: {
      summary: "Add contacts to a list",
      tags: ["Lists"],
      requestParams: { path: listIdSchema },
      requestBody: jsonBody(listMembersSchema),
      responses: { "200": jsonResponse("How many were added, and the list with its new member count"), "404": jsonResponse("list_not_found") },
    },
    delete: {
      summary: "Remove contacts from a list",
      description: "The contacts themselves stay.",
      tags: ["Lists"],
      requestParams: { path: listIdSchema },
      requestBody: jsonBody(listMembersSchema),
      responses: { "200": jsonResponse("How many were removed, and the list with its new member count"), "404": jsonResponse("list_not_found") },
    },
  },
};
