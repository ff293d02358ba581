export {
  parseTemplate,
  reconstructSource,
  type ParsedTemplate,
  type TemplateError,
  type TemplateErrorCode,
  type TemplatePart,
  type TextPart,
  type VariablePart,
} from "./parse";
export {
  MAX_SUGGESTED_NAME_CHARS,
  MAX_SUGGESTED_PLACEHOLDERS,
  MAX_TEMPLATE_LENGTH,
  listKnownVariables,
  suggestVariable,
  validateTemplate,
  type ValidateTemplateOptions,
} from "./validate";
export {
  listMissingValues,
  mergeTemplate,
  usesAppointment,
  type MergeAppointment,
  type MergeContact,
  type MergeData,
} from "./merge";
export {
  CUSTOM_VARIABLE_HELP,
  CUSTOM_VARIABLE_PREFIX,
  TEMPLATE_VARIABLES,
  isBuiltInVariable,
  isValidCustomKey,
  toCustomAttributeKey,
  type BuiltInVariableName,
  type TemplateVariable,
} from "./variables";
