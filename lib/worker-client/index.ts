export { WorkerPool, backoffMs, type RenderedAudio, type RenderFailure, type SpeechStream, type WorkerPoolStatus, type WorkerPoolOptions } from "./pool";
