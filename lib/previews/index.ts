export {
  checkPreviewRequest,
  createPreviewLink,
  createPreviewLinkSchema,
  listPreviewLinks,
  previewLinkIdSchema,
  resolvePreview,
  resolvePreviewAudio,
  revokePreviewLink,
  sampleSegmentKeys,
  type CreatedPreviewLink,
  type CreatePreviewLinkInput,
  type PreviewItem,
  type PreviewLinkDto,
  type PreviewOpenDto,
  type PreviewOpener,
  type ResolvedPreview,
} from "./service";
export { limitPreviewRequest, PREVIEW_REQUESTS_PER_MINUTE } from "./rate-limit";
