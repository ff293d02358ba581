import { z } from "zod";
import { type ApiPaths, jsonBody, jsonResponse } from "./operation";
import { pronunciationFilterSchema, pronunciationIdSchema, pronunciationPatchSchema, pronunciationSchema } from "@/lib/lexicon";
import { SPOKEN_LANGUAGES } from "@/lib/values/languages";

const languages = SPOKEN_LANGUAGES.map((l) => l.code);
const languageList = SPOKEN_LANGUAGES.map((l) => `"${l.code}" (${l.name})`).join(", ");

/** One entry as the API answers it. */
const pronunciationDtoSchema = z.object({
  id: z.uuid(),
  term: z.string().meta({ example: "Nguyen" }),
  sayAs: z.string().meta({ example: "win" }),
  language: z.enum(languages as [string, ...string[]]).meta({ description: `The language of the messages the entry is said in: ${languageList}. Entries saved before languages existed are "en".` }),
  updatedAt: z.iso.datetime(),
});

const idParams = z.object({ id: pronunciationIdSchema });
const languageNote = `\`language\` is one of ${languageList}; without it an entry is English, as every entry was before. A message is said with the entries of its own language only.`;

/** The lexicon operations of the web API, by path (see lib/openapi/index.ts). */
export const lexiconPaths: ApiPaths = {
  "/api/pronunciations": {
    get: {
      summary: "List pronunciations",
      description: "The dictionary by word; `?language=es` lists one language's entries only.",
      tags: ["Pronunciations"],
      requestParams: { query: pronunciationFilterSchema },
      responses: { "200": jsonResponse("The entries", z.object({ pronunciations: z.array(pronunciationDtoSchema) })), "400": jsonResponse("validation_failed: a language the voices do not speak") },
    },
    post: {
      summary: "Add a pronunciation",
      description: `${languageNote} A Spanish respelling uses Spanish letters only (a to z, á é í ó ú ü ñ).`,
      tags: ["Pronunciations"],
      requestBody: jsonBody(pronunciationSchema),
      responses: {
        "201": jsonResponse("The new entry", pronunciationDtoSchema),
        "400": jsonResponse("validation_failed"),
        "409": jsonResponse("term_taken: the word already has an entry in that language"),
        "422": jsonResponse("too_many_pronunciations"),
      },
    },
  },
  "/api/pronunciations/{id}": {
    patch: {
      summary: "Edit a pronunciation",
      description: "Without `language` the entry keeps its own; with it, the entry moves to that language.",
      tags: ["Pronunciations"],
      requestParams: { path: idParams },
      requestBody: jsonBody(pronunciationPatchSchema),
      responses: {
        "200": jsonResponse("The changed entry", pronunciationDtoSchema),
        "400": jsonResponse("validation_failed"),
        "404": jsonResponse("pronunciation_not_found"),
        "409": jsonResponse("term_taken: the word already has an entry in that language"),
      },
    },
    delete: { summary: "Delete a pronunciation", tags: ["Pronunciations"], requestParams: { path: idParams }, responses: { "200": jsonResponse("The deleted entry's id"), "404": jsonResponse("pronunciation_not_found") } },
  },
  "/api/pronunciations/export": {
    get: {
      summary: "Export the pronunciation dictionary as CSV",
      description: "The columns `term`, `say_as` and `language`; the file imports back unchanged.",
      tags: ["Pronunciations"],
      responses: { "200": { description: "The dictionary as CSV", content: { "text/csv": { schema: z.string() } } } },
    },
  },
  "/api/pronunciations/import": {
    post: {
      summary: "Import pronunciations from CSV",
      description: "A header row naming `term` and `say_as`, and optionally `language` (a row without one is English); a word already in the dictionary in that language gets the new respelling.",
      tags: ["Pronunciations"],
      responses: { "200": jsonResponse("How many rows were added and updated, and each bad row by number"), "422": jsonResponse("csv_invalid, or too_many_pronunciations") },
    },
  },
};
