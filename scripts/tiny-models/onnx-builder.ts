/**
 * A small builder for ONNX graphs, over the `onnx-proto` definitions: named
 * inputs and outputs with symbolic dimensions, initialisers, and nodes.
 * Enough to write tiny random-weight models in the exact I/O layout of the
 * hub models the app loads.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export type ElemType = 'float32' | 'int64' | 'bool';
export type Dim = number | string;
/** Integers, integer lists and strings as they are; a float as `{ float: x }`. */
type Attr = number | number[] | string | { readonly float: number };

const ELEM: Record<ElemType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
  bool: onnx.TensorProto.DataType.BOOL,
};

function valueInfo(name: string, type: ElemType, dims: readonly Dim[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: ELEM[type],
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
}

function attribute(name: string, value: Attr) {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === 'number') return onnx.AttributeProto.create({ name, type: T.INT, i: value });
  if (typeof value === 'string') {
    return onnx.AttributeProto.create({ name, type: T.STRING, s: new TextEncoder().encode(value) });
  }
  if (Array.isArray(value)) return onnx.AttributeProto.create({ name, type: T.INTS, ints: value });
  return onnx.AttributeProto.create({ name, type: T.FLOAT, f: (value as { float: number }).float });
}

export class GraphBuilder {
  readonly #nodes: ReturnType<typeof onnx.NodeProto.create>[] = [];
  readonly #inits: ReturnType<typeof onnx.TensorProto.create>[] = [];
  readonly #inputs: ReturnType<typeof onnx.ValueInfoProto.create>[] = [];
  readonly #outputs: ReturnType<typeof onnx.ValueInfoProto.create>[] = [];
  #counter = 0;

  constructor(readonly name: string) {}

  input(name: string, type: ElemType, dims: readonly Dim[]): string {
    this.#inputs.push(valueInfo(name, type, dims));
    return name;
  }

  output(name: string, type: ElemType, dims: readonly Dim[]): void {
    this.#outputs.push(valueInfo(name, type, dims));
  }

  /** A float32 initialiser (weights). */
  weight(name: string, data: Float32Array, dims: readonly number[]): string {
    this.#inits.push(
      onnx.TensorProto.create({
        name,
        dataType: ELEM.float32,
        dims: [...dims],
        rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      }),
    );
    return name;
  }

  /** An int64 constant initialiser (shapes, axes, indices). */
  ints(values: readonly number[], dims: readonly number[] = [values.length]): string {
    const name = `const_${this.#counter++}`;
    const data = BigInt64Array.from(values.map(BigInt));
    this.#inits.push(
      onnx.TensorProto.create({ name, dataType: ELEM.int64, dims: [...dims], rawData: new Uint8Array(data.buffer) }),
    );
    return name;
  }

  /** A float32 scalar constant. */
  scalar(value: number): string {
    return this.weight(`const_${this.#counter++}`, Float32Array.of(value), []);
  }

  /** Adds a node; returns its output names (one fresh name per requested output). */
  node(
    op: string,
    inputs: readonly string[],
    attrs: Record<string, Attr> = {},
    outputs: number | readonly string[] = 1,
  ): string[] {
    const outs =
      typeof outputs === 'number'
        ? Array.from({ length: outputs }, () => `${op.toLowerCase()}_${this.#counter++}`)
        : [...outputs];
    this.#nodes.push(
      onnx.NodeProto.create({
        opType: op,
        name: `${op}_${this.#counter++}`,
        input: [...inputs],
        output: outs,
        attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
      }),
    );
    return outs;
  }

  /** Shorthand for a single-output node. */
  op(op: string, inputs: readonly string[], attrs: Record<string, Attr> = {}, output?: string): string {
    return this.node(op, inputs, attrs, output ? [output] : 1)[0] as string;
  }

  encode(opset = 17): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'attend-first tiny-models',
      opsetImport: [{ domain: '', version: opset }],
      graph: {
        name: this.name,
        node: this.#nodes,
        initializer: this.#inits,
        input: this.#inputs,
        output: this.#outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
