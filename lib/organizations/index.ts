export {
  addMembership,
  createOrganization,
  getOldestOrganization,
  getOrganization,
  getOrganizationForUser,
  updateOrganization,
  type MembershipRole,
  type Organization,
} from "./queries";
export { updateOrganizationSettings, type OrganizationCtx } from "./service";
export { organizationBasicsSchema, organizationSettingsSchema, phoneCountrySchema, timeZoneSchema, type OrganizationSettingsInput } from "./schemas";
export { listPlaceOptions, type CountryOption, type PlaceOptions } from "./options";
