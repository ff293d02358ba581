/**
 * Generates, at test time, a tiny model directory with Kokoro-82M's exact ONNX interface, so kokoro-js,
 * @huggingface/transformers, onnxruntime-node and the phonemizer all run for real without the 300 MB weights.
 *
 *   inputs:  input_ids int64 [1, N], style float32 [1, 256], speed float32 [1]
 *   output:  waveform float32 [1, M], M = N * floor(samplesPerToken / speed)
 *
 * Each token becomes a sine segment whose pitch depends on the token id and whose loudness depends on the
 * voice's style vector, so the audio is deterministic, grows with the text and shrinks with speed.
 * `extraFlopsPerSample` adds real compute per output sample (chained W×W MatMuls) to make a "calibrated
 * stand-in" with a chosen real-time factor for benchmarks. The ONNX protobuf is written by hand below.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

export type TinyModelOptions = {
  /** Output samples per input token at speed 1 (24 kHz). Default 1200 (50 ms per token). */
  samplesPerToken?: number;
  /**
   * Extra floating-point operations per output sample, spent in chained 64×64 MatMuls whose result is
   * multiplied by zero. 0 (default) keeps the model as fast as possible; raise it to slow the model down
   * (cost is linear in this number; calibrate against wall time on the target machine).
   */
  extraFlopsPerSample?: number;
  /** kokoro-js dtype whose file name to write (q8 → onnx/model_quantized.onnx). Default "q8". */
  dtype?: "fp32" | "fp16" | "q8" | "q4" | "q4f16" | "int8" | "uint8" | "bnb4";
  /**
   * "onnx-community" (default): `input_ids` -> `waveform` in onnx/model*.onnx with tokenizer files beside it.
   * "int8-export": `tokens` -> `audio` in kokoro-v1.0.int8.onnx alone, as the registry's int8 export ships.
   */
  layout?: "onnx-community" | "int8-export";
};

export const TINY_MODEL_SAMPLE_RATE = 24_000;
const MATMUL_WIDTH = 64;

const DTYPE_SUFFIX: Record<NonNullable<TinyModelOptions["dtype"]>, string> = {
  fp32: "",
  fp16: "_fp16",
  q8: "_quantized",
  q4: "_q4",
  q4f16: "_q4f16",
  int8: "_int8",
  uint8: "_uint8",
  bnb4: "_bnb4",
};

/** Writes config.json, tokenizer.json, tokenizer_config.json and onnx/model*.onnx into `dir`. */
export async function writeTinyModel(dir: string, options: TinyModelOptions = {}): Promise<{ modelFile: string }> {
  if (options.layout === "int8-export") {
    await mkdir(dir, { recursive: true });
    const modelFile = path.join(dir, "kokoro-v1.0.int8.onnx");
    await writeFile(modelFile, buildTinyModelOnnx(options));
    return { modelFile };
  }
  const dtype = options.dtype ?? "q8";
  await mkdir(path.join(dir, "onnx"), { recursive: true });
  const modelFile = path.join(dir, "onnx", `model${DTYPE_SUFFIX[dtype]}.onnx`);
  await writeFile(modelFile, buildTinyModelOnnx(options));
  await writeFile(path.join(dir, "config.json"), JSON.stringify({ model_type: "style_text_to_speech_2" }, null, 2));
  await writeFile(path.join(dir, "tokenizer.json"), JSON.stringify(buildTokenizerJson(), null, 2));
  await writeFile(
    path.join(dir, "tokenizer_config.json"),
    JSON.stringify(
      { model_max_length: 512, pad_token: "$", tokenizer_class: "PreTrainedTokenizer", unk_token: "$" },
      null,
      2,
    ),
  );
  return { modelFile };
}

// ---------------------------------------------------------------------------------------------------------
// Tokenizer: the same structure as the public Kokoro tokenizer (character-level over IPA symbols, "$" as the
// boundary token on both ends), with a vocabulary generated here.

const SYMBOLS =
  ';:,.!?—…"()“” ̃ʣʥʦʨᵝꭧAIOQSTWYᵊabcdefhijklmnopqrstuvwxyzɑɐɒæβɔɕçɖðʤəɚɛɜɟɡɥɨɪʝɯɰŋɳɲɴøɸθœɹɾɻʁɽʂʃʈʧʊʋʌɣɤχʎʒʔˈˌːʰʲ↓→↗↘ᵻ';

function buildTokenizerJson(): unknown {
  const symbols = [...new Set(Array.from(SYMBOLS))];
  const vocab: Record<string, number> = { $: 0 };
  symbols.forEach((symbol, index) => (vocab[symbol] = index + 1));
  const escaped = symbols.map((s) => (/[\\\]^-]/.test(s) ? `\\${s}` : s)).join("");
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: [],
    normalizer: { type: "Replace", pattern: { Regex: `[^$${escaped}]` }, content: "" },
    pre_tokenizer: { type: "Split", pattern: { Regex: "" }, behavior: "Isolated", invert: false },
    post_processor: {
      type: "TemplateProcessing",
      single: [
        { SpecialToken: { id: "$", type_id: 0 } },
        { Sequence: { id: "A", type_id: 0 } },
        { SpecialToken: { id: "$", type_id: 0 } },
      ],
      special_tokens: { $: { id: "$", ids: [0], tokens: ["$"] } },
    },
    decoder: null,
    model: { vocab },
  };
}

// ---------------------------------------------------------------------------------------------------------
// ONNX graph

type Node = { op: string; inputs: string[]; outputs: string[]; attrs?: Attr[] };
type Attr = { name: string; int?: number; ints?: number[] };
type Init = { name: string; type: "float" | "int64"; dims: number[]; values: number[] };

export function buildTinyModelOnnx(options: TinyModelOptions = {}): Uint8Array {
  const samplesPerToken = options.samplesPerToken ?? 1200;
  const extraFlops = Math.max(0, options.extraFlopsPerSample ?? 0);
  const matmuls = extraFlops > 0 ? Math.max(1, Math.round(extraFlops / (2 * MATMUL_WIDTH * MATMUL_WIDTH))) : 0;

  const inits: Init[] = [
    { name: "c_spt", type: "float", dims: [1], values: [samplesPerToken] },
    { name: "c_zero_i", type: "int64", dims: [], values: [0] },
    { name: "c_one_i", type: "int64", dims: [], values: [1] },
    { name: "c_axes0", type: "int64", dims: [1], values: [0] },
    { name: "c_flat", type: "int64", dims: [1], values: [-1] },
    { name: "c_freq_step", type: "float", dims: [], values: [7] },
    { name: "c_freq_base", type: "float", dims: [], values: [110] },
    { name: "c_two_pi_over_sr", type: "float", dims: [], values: [(2 * Math.PI) / TINY_MODEL_SAMPLE_RATE] },
    { name: "c_amp_base", type: "float", dims: [], values: [0.3] },
    { name: "c_amp_style", type: "float", dims: [], values: [0.1] },
  ];
  const nodes: Node[] = [
    { op: "Size", inputs: ["input_ids"], outputs: ["n_tokens"] },
    { op: "Div", inputs: ["c_spt", "speed"], outputs: ["per_f_raw"] },
    { op: "Floor", inputs: ["per_f_raw"], outputs: ["per_f"] },
    { op: "Cast", inputs: ["per_f"], outputs: ["per_1"], attrs: [{ name: "to", int: 7 }] },
    { op: "Squeeze", inputs: ["per_1", "c_axes0"], outputs: ["per"] },
    { op: "Mul", inputs: ["n_tokens", "per"], outputs: ["total"] },
    { op: "Range", inputs: ["c_zero_i", "total", "c_one_i"], outputs: ["t"] },
    { op: "Div", inputs: ["t", "per"], outputs: ["token_index"] },
    { op: "Mul", inputs: ["token_index", "per"], outputs: ["token_start"] },
    { op: "Sub", inputs: ["t", "token_start"], outputs: ["local_t"] },
    { op: "Reshape", inputs: ["input_ids", "c_flat"], outputs: ["ids_flat"] },
    { op: "Gather", inputs: ["ids_flat", "token_index"], outputs: ["token_id"], attrs: [{ name: "axis", int: 0 }] },
    { op: "Cast", inputs: ["token_id"], outputs: ["token_id_f"], attrs: [{ name: "to", int: 1 }] },
    { op: "Mul", inputs: ["token_id_f", "c_freq_step"], outputs: ["freq_part"] },
    { op: "Add", inputs: ["freq_part", "c_freq_base"], outputs: ["freq"] },
    { op: "Cast", inputs: ["local_t"], outputs: ["local_t_f"], attrs: [{ name: "to", int: 1 }] },
    { op: "Mul", inputs: ["freq", "local_t_f"], outputs: ["cycles"] },
    { op: "Mul", inputs: ["cycles", "c_two_pi_over_sr"], outputs: ["phase"] },
    { op: "Sin", inputs: ["phase"], outputs: ["sine"] },
    { op: "ReduceMean", inputs: ["style"], outputs: ["style_mean"], attrs: [{ name: "keepdims", int: 0 }] },
    { op: "Tanh", inputs: ["style_mean"], outputs: ["style_t"] },
    { op: "Mul", inputs: ["style_t", "c_amp_style"], outputs: ["amp_part"] },
    { op: "Add", inputs: ["amp_part", "c_amp_base"], outputs: ["amp"] },
    { op: "Mul", inputs: ["sine", "amp"], outputs: ["wave_clean"] },
  ];

  let wave = "wave_clean";
  if (matmuls > 0) {
    const w = MATMUL_WIDTH;
    inits.push(
      { name: "c_axes1", type: "int64", dims: [1], values: [1] },
      { name: "c_ones_row", type: "float", dims: [1, w], values: new Array(w).fill(1) },
      { name: "c_mix", type: "float", dims: [w, w], values: new Array(w * w).fill(1 / w) },
      { name: "c_zero_f", type: "float", dims: [], values: [0] },
    );
    nodes.push(
      { op: "Unsqueeze", inputs: ["wave_clean", "c_axes1"], outputs: ["col"] },
      { op: "Mul", inputs: ["col", "c_ones_row"], outputs: ["work_0"] },
    );
    for (let i = 0; i < matmuls; i++) {
      nodes.push({ op: "MatMul", inputs: [`work_${i}`, "c_mix"], outputs: [`work_${i + 1}`] });
    }
    nodes.push(
      { op: "ReduceSum", inputs: [`work_${matmuls}`, "c_axes1"], outputs: ["work_sum"], attrs: [{ name: "keepdims", int: 0 }] },
      { op: "Mul", inputs: ["work_sum", "c_zero_f"], outputs: ["work_zero"] },
      { op: "Add", inputs: ["wave_clean", "work_zero"], outputs: ["wave_slow"] },
    );
    wave = "wave_slow";
  }
  nodes.push({ op: "Unsqueeze", inputs: [wave, "c_axes0"], outputs: ["waveform"] });

  if (options.layout === "int8-export") {
    const rename = (name: string) => (name === "input_ids" ? "tokens" : name === "waveform" ? "audio" : name);
    for (const node of nodes) {
      node.inputs = node.inputs.map(rename);
      node.outputs = node.outputs.map(rename);
    }
    return encodeModel(nodes, inits, { tokens: "tokens", audio: "audio" });
  }
  return encodeModel(nodes, inits, { tokens: "input_ids", audio: "waveform" });
}

// ---------------------------------------------------------------------------------------------------------
// Minimal protobuf writer for onnx.ModelProto (field numbers from onnx/onnx.proto).

class ProtoWriter {
  private chunks: number[] = [];
  varint(value: number | bigint): this {
    let v = BigInt.asUintN(64, BigInt(value));
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) byte |= 0x80;
      this.chunks.push(byte);
    } while (v !== 0n);
    return this;
  }
  private tag(field: number, wire: number): this {
    return this.varint((field << 3) | wire);
  }
  int(field: number, value: number): this {
    return this.tag(field, 0).varint(value);
  }
  bytes(field: number, data: Uint8Array): this {
    this.tag(field, 2).varint(data.length);
    for (const b of data) this.chunks.push(b);
    return this;
  }
  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }
  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

const ELEM_FLOAT = 1;
const ELEM_INT64 = 7;
const ATTR_INT = 2;
const ATTR_INTS = 7;

function encodeTensor(w: ProtoWriter, init: Init): void {
  for (const d of init.dims) w.int(1, d);
  w.int(2, init.type === "float" ? ELEM_FLOAT : ELEM_INT64);
  w.string(8, init.name);
  const raw =
    init.type === "float"
      ? new Uint8Array(Float32Array.from(init.values).buffer)
      : new Uint8Array(BigInt64Array.from(init.values.map((v) => BigInt(v))).buffer);
  w.bytes(9, raw);
}

function encodeValueInfo(w: ProtoWriter, name: string, elemType: number, dims: Array<number | string>): void {
  w.string(1, name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, elemType);
      tensor.message(2, (shape) => {
        for (const d of dims) {
          shape.message(1, (dim) => (typeof d === "number" ? dim.int(1, d) : dim.string(2, d)));
        }
      });
    }),
  );
}

function encodeModel(nodes: Node[], inits: Init[], io: { tokens: string; audio: string }): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, 8); // ir_version
  w.string(2, "voice-campaigns tiny-model");
  w.message(7, (graph) => {
    nodes.forEach((node, index) =>
      graph.message(1, (n) => {
        for (const input of node.inputs) n.string(1, input);
        for (const output of node.outputs) n.string(2, output);
        n.string(3, `${node.op}_${index}`);
        n.string(4, node.op);
        for (const attr of node.attrs ?? []) {
          n.message(5, (a) => {
            a.string(1, attr.name);
            if (attr.int !== undefined) a.int(3, attr.int).int(20, ATTR_INT);
            if (attr.ints !== undefined) {
              for (const v of attr.ints) a.int(8, v);
              a.int(20, ATTR_INTS);
            }
          });
        }
      }),
    );
    graph.string(2, "kokoro_tiny");
    for (const init of inits) graph.message(5, (t) => encodeTensor(t, init));
    graph.message(11, (v) => encodeValueInfo(v, io.tokens, ELEM_INT64, [1, "sequence_length"]));
    graph.message(11, (v) => encodeValueInfo(v, "style", ELEM_FLOAT, [1, 256]));
    graph.message(11, (v) => encodeValueInfo(v, "speed", ELEM_FLOAT, [1]));
    graph.message(12, (v) => encodeValueInfo(v, io.audio, ELEM_FLOAT, [1, "num_samples"]));
  });
  w.message(8, (opset) => opset.string(1, "").int(2, 17));
  return w.finish();
}
