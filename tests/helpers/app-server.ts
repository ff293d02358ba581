import { trustClientAddressHeader } from "@/lib/client-address";

// Integration tests call route handlers and better-auth the way the app's server (scripts/web-server.ts)
// does: each request carries the client's address in the header that server sets.
trustClientAddressHeader();
