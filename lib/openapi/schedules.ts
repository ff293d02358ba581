import { z } from "zod";
import { scheduleDtoSchema, scheduleIdSchema, scheduleInputSchema, scheduleRunDtoSchema } from "@/lib/schedules";
import { type ApiPaths, jsonBody, jsonResponse } from "./operation";

const DELIVERY =
  '`delivery` is "files" (the default: each run\'s audio waits to be exported or called from the campaign) or "calls": once a run\'s audio is rendered its calls start by themselves, once, inside each recipient\'s calling window. "calls" needs a carrier (Settings → Phone calls): without one the answer is 409 carrier_not_configured.';

/** The schedule operations of the web API, by path (see lib/openapi/index.ts). */
export const schedulesPaths: ApiPaths = {
  "/api/schedules": {
    get: {
      summary: "List the schedules",
      description: "Every schedule of the organisation: days, local time, how far ahead, list, delivery, paused, next run.",
      tags: ["Schedules"],
      responses: { "200": jsonResponse("The schedules", z.object({ items: z.array(scheduleDtoSchema) })) },
    },
    post: {
      role: "admin",
      summary: "Create a schedule",
      description: `An admin or the owner. On the given ISO weekdays at \`localTime\` in the organisation's time zone, each run launches a copy of the campaign for the contacts with an appointment \`daysAhead\` days later (only those in \`listId\` when given). ${DELIVERY}`,
      tags: ["Schedules"],
      requestBody: jsonBody(scheduleInputSchema),
      responses: {
        "201": jsonResponse("The schedule", scheduleDtoSchema),
        "404": jsonResponse("campaign_not_found or list_not_found"),
        "409": jsonResponse("carrier_not_configured: delivery \"calls\" without a carrier"),
      },
    },
  },
  "/api/schedules/{id}": {
    get: {
      summary: "Get a schedule and its runs",
      description: "The schedule and its last 100 runs, newest first. A phone-delivery run says when its calls started (`callsStartedAt`, null while its audio renders) and for how many recipients (`callsQueued`); `message` says why they did not start.",
      tags: ["Schedules"],
      requestParams: { path: scheduleIdSchema },
      responses: { "200": jsonResponse("The schedule and its runs", z.object({ schedule: scheduleDtoSchema, runs: z.array(scheduleRunDtoSchema) })), "404": jsonResponse("schedule_not_found") },
    },
    put: {
      role: "admin",
      summary: "Change a schedule",
      description: `An admin or the owner. Replaces every setting; slots before the change never run. ${DELIVERY}`,
      tags: ["Schedules"],
      requestParams: { path: scheduleIdSchema },
      requestBody: jsonBody(scheduleInputSchema),
      responses: {
        "200": jsonResponse("The schedule", scheduleDtoSchema),
        "404": jsonResponse("schedule_not_found, campaign_not_found or list_not_found"),
        "409": jsonResponse("carrier_not_configured"),
      },
    },
    delete: {
      role: "admin",
      summary: "Delete a schedule",
      description: "An admin or the owner. The campaigns it launched stay, and so do their calls.",
      tags: ["Schedules"],
      requestParams: { path: scheduleIdSchema },
      responses: { "200": jsonResponse("Deleted", z.object({ id: z.uuid() })), "404": jsonResponse("schedule_not_found") },
    },
  },
};
