// @gliznet/onnx-export: public API. See README.md.
export {};
