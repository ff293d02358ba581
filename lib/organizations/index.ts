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
export { organizationDto, setDefaultLanguage, updateOrganizationSettings, type OrganizationCtx, type OrganizationDto } from "./service";
export { organizationBasicsSchema, organizationLanguageSchema, organizationSettingsSchema, phoneCountrySchema, timeZoneSchema, type OrganizationSettingsInput } from "./schemas";
export { listPlaceOptions, type CountryOption, type PlaceOptions } from "./options";
