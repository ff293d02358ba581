export {
  createPreviewLink,
  createPreviewLinkSchema,
  listPreviewLinks,
  messageReadiness,
  resolvePreview,
  resolvePreviewAudio,
  revokePreviewLink,
  type CreatedPreviewLink,
  type CreatePreviewLinkInput,
  type PreviewItem,
  type PreviewLinkDto,
  type ResolvedPreview,
} from "./service";
