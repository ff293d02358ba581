import { z } from "zod";
import { type ApiPaths, jsonBody, jsonResponse } from "./operation";
import { organizationLanguageSchema } from "@/lib/organizations";
import { SPOKEN_LANGUAGES } from "@/lib/values/languages";

const codes = SPOKEN_LANGUAGES.map((l) => l.code) as [string, ...string[]];
const languageList = SPOKEN_LANGUAGES.map((l) => `"${l.code}" (${l.name})`).join(", ");

const organizationDtoSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  timezone: z.string().meta({ example: "America/Chicago" }),
  phoneCountry: z.string().meta({ example: "US" }),
  callbackNumber: z.string().nullable(),
  phoneSystem: z.string(),
  defaultLanguage: z.enum(codes).meta({
    description: `What a new campaign is written in when its request gives no \`language\`, and the version a contact without a preferred language hears: ${languageList}. "en" until changed.`,
  }),
  languages: z.array(z.object({ code: z.string(), name: z.string() })).meta({ description: "The languages the voices speak: what `defaultLanguage` may be." }),
});

/** The organisation operations of the web API, by path (see lib/openapi/index.ts). */
export const organizationsPaths: ApiPaths = {
  "/api/organization": {
    get: { summary: "Show the organisation", tags: ["Organisation"], responses: { "200": jsonResponse("The caller's organisation and its default language", organizationDtoSchema) } },
    patch: {
      role: "admin",
      summary: "Change the default language",
      description: `An admin or the owner picks ${languageList}. Campaigns created after it start in it; every campaign's contacts without a preferred language hear its version in it, when the campaign has one.`,
      tags: ["Organisation"],
      requestBody: jsonBody(organizationLanguageSchema),
      responses: { "200": jsonResponse("The organisation", organizationDtoSchema), "400": jsonResponse("validation_failed: a language the voices do not speak") },
    },
  },
};
