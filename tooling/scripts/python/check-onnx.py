#!/usr/bin/env python3
"""Developer check: validates gliznet ONNX files with the reference ONNX checker.

Usage: pnpm check:onnx <model dir | onnx dir | file.onnx> [...]

Runs onnx.checker.check_model(full_check=True) (structure, opset schemas, shape inference) on every
.onnx file found, and prints the opset, IR version, inputs and outputs. Needs Debian's python3-onnx
(apt-get install -y python3-onnx); not used by CI.
"""
import pathlib
import sys


def onnx_files(argument: str) -> list[pathlib.Path]:
    path = pathlib.Path(argument)
    if path.is_file():
        return [path]
    if (path / "onnx").is_dir():
        path = path / "onnx"
    if path.is_dir():
        return sorted(path.glob("*.onnx"))
    return []


def describe(value_info) -> str:
    tensor = value_info.type.tensor_type
    dims = [d.dim_param or str(d.dim_value) for d in tensor.shape.dim]
    import onnx

    return f"{value_info.name}: {onnx.TensorProto.DataType.Name(tensor.elem_type).lower()} [{', '.join(dims)}]"


def main() -> int:
    try:
        import onnx
    except ImportError:
        print("python3-onnx is not installed: apt-get install -y python3-onnx", file=sys.stderr)
        return 2
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    files = [f for argument in sys.argv[1:] for f in onnx_files(argument)]
    if not files:
        print(f"no .onnx files found in {' '.join(sys.argv[1:])}", file=sys.stderr)
        return 2
    failures = 0
    for file in files:
        try:
            model = onnx.load(str(file))
            onnx.checker.check_model(model, full_check=True)
        except Exception as error:  # the checker raises several exception types
            failures += 1
            print(f"FAIL {file}: {error}")
            continue
        opsets = ", ".join(f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import)
        ops = sorted({node.op_type for node in model.graph.node})
        print(f"ok   {file} (onnx {onnx.__version__} checker, IR {model.ir_version}, opset {opsets}, {len(model.graph.node)} nodes)")
        print(f"     inputs:  {'; '.join(describe(v) for v in model.graph.input)}")
        print(f"     outputs: {'; '.join(describe(v) for v in model.graph.output)}")
        print(f"     ops:     {' '.join(ops)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
