import { type ApiPaths, jsonResponse } from "./operation";

/** The lexicon operations of the web API, by path (see lib/openapi/index.ts). */
export const lexiconPaths: ApiPaths = {
  "/api/pronunciations": {
    get: { summary: "List pronunciations", tags: ["Pronunciations"], responses: { "200": jsonResponse("List pronunciations: done") } },
    post: { summary: "Add a pronunciation", tags: ["Pronunciations"], responses: { "200": jsonResponse("Add a pronunciation: done") } },
  },
  "/api/pronunciations/{id}": {
    patch: { summary: "Edit a pronunciation", tags: ["Pronunciations"], responses: { "200": jsonResponse("Edit a pronunciation: done") } },
    delete: { summary: "Delete a pronunciation", tags: ["Pronunciations"], responses: { "200": jsonResponse("Delete a pronunciation: done") } },
  },
  "/api/pronunciations/export": {
    get: { summary: "Export the pronunciation dictionary as CSV", tags: ["Pronunciations"], responses: { "200": jsonResponse("Export the pronunciation dictionary as CSV: done") } },
  },
  "/api/pronunciations/import": {
    post: { summary: "Import pronunciations from CSV", tags: ["Pronunciations"], responses: { "200": jsonResponse("Import pronunciations from CSV: done") } },
  },
};
