export * from "./auth";
export * from "./organizations";
export * from "./contacts";
export * from "./campaigns";
export * from "./renders";
export * from "./previews";
export * from "./rate-limits";
export * from "./api-keys";
