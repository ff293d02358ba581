import { z } from "zod";
import { addMemberSchema, changeMemberRoleSchema, memberIdSchema, setupOwnerSchema } from "@/lib/auth";
import { type ApiOperation, type ApiPaths, jsonBody, jsonResponse } from "./operation";

/** better-auth's own endpoints, one operation per method. */
const betterAuth = (summary: string): ApiOperation => ({
  access: "public",
  summary,
  description: "The browser's sign-in, handled by better-auth and rate limited per client address. Not for API clients: API keys are ignored here.",
  tags: ["Browser sign-in"],
  requestParams: { path: z.object({ all: z.string().meta({ description: "better-auth's endpoint, e.g. sign-in/email or get-session" }) }) },
  responses: { "200": jsonResponse("better-auth's answer") },
});

/** The auth operations of the web API, by path (see lib/openapi/index.ts). */
export const authPaths: ApiPaths = {
  "/api/auth/{all}": {
    get: betterAuth("better-auth reads (get-session, …)"),
    post: betterAuth("better-auth actions (sign-in/email, sign-out, …)"),
  },
  "/api/members": {
    get: { summary: "List members", tags: ["Team"], responses: { "200": jsonResponse("Everyone who can sign in to the organisation") } },
    post: { role: "owner", summary: "Add a member", description: "The owner, signed in, only. `role` is staff (the default) or admin.", tags: ["Team"], requestBody: jsonBody(addMemberSchema), responses: { "201": jsonResponse("The new member"), "409": jsonResponse("email_taken") } },
  },
  "/api/members/{id}": {
    patch: {
      role: "owner",
      summary: "Change a member's role",
      description:
        "The owner, signed in, only. `owner` hands ownership over: the previous owner becomes an admin. A member who stops being an admin has the API keys they created revoked and the webhook endpoints they added turned off.",
      tags: ["Team"],
      requestParams: { path: memberIdSchema },
      requestBody: jsonBody(changeMemberRoleSchema),
      responses: { "200": jsonResponse("The member with the new role, and how many keys and endpoints were turned off"), "404": jsonResponse("member_not_found") },
    },
    delete: {
      role: "owner",
      summary: "Remove a member",
      description: "The owner, signed in, only. The API keys they created are revoked and the webhook endpoints they added turned off, in the same transaction.",
      tags: ["Team"],
      requestParams: { path: memberIdSchema },
      responses: { "200": jsonResponse("The removed member's email, and how many keys and endpoints were turned off"), "404": jsonResponse("member_not_found") },
    },
  },
  "/api/setup": {
    post: {
      access: "public",
      summary: "First-run setup",
      description: "Creates the owner and the organisation, once, with the setup code the server printed at first start. For the /setup page; API keys are ignored here.",
      tags: ["Browser sign-in"],
      requestBody: jsonBody(setupOwnerSchema.extend({ setupCode: z.string() })),
      responses: { "201": jsonResponse("The organisation"), "401": jsonResponse("setup_code_invalid"), "409": jsonResponse("setup_complete") },
    },
  },
};
