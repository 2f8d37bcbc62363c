"""Renames a Hugging Face BLIP-2 state dict (vision_model.*, qformer.*, language_projection.*) to the
LAVIS / MiniGPT-4 names the Java vision architecture reads (visual_encoder.*, ln_vision.*,
Qformer.bert.*, llama_proj.*). numpy only, so it runs anywhere.

  python3 hf_to_lavis.py IN.safetensors OUT.safetensors
"""
import json
import re
import struct
import sys

import numpy as np

DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def read(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        b, e = t["data_offsets"]
        out[name] = np.frombuffer(data[b:e], dtype=DTYPES[t["dtype"]]).reshape(t["shape"])
    return out


def write(path, tensors):
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        a = np.ascontiguousarray(tensors[name])
        dtype = {np.dtype(np.float32): "F32", np.dtype(np.float16): "F16", np.dtype(np.int64): "I64"}[a.dtype]
        blob = a.tobytes()
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def rename(hf):
    out = {}
    for k, v in hf.items():
        if k.startswith("vision_model."):
            k2 = k[len("vision_model."):]
            if k2 == "embeddings.class_embedding":
                out["visual_encoder.cls_token"] = v
            elif k2 == "embeddings.position_embedding":
                out["visual_encoder.pos_embed"] = v
            elif k2.startswith("embeddings.patch_embedding."):
                out["visual_encoder.patch_embed.proj." + k2.rsplit(".", 1)[1]] = v
            elif k2.startswith("post_layernorm."):
                out["ln_vision." + k2.rsplit(".", 1)[1]] = v
            else:
                m = re.match(r"encoder\.layers\.(\d+)\.(.*)", k2)
                i, rest = m.group(1), m.group(2)
                p = "visual_encoder.blocks.%s." % i
                if rest == "self_attn.qkv.bias":
                    d = v.shape[0] // 3
                    # LAVIS keeps q and v biases; EVA has no key bias (a key bias cannot change attention).
                    out[p + "attn.q_bias"] = v[:d]
                    out[p + "attn.v_bias"] = v[2 * d:]
                    continue
                rest = (rest.replace("layer_norm1", "norm1").replace("layer_norm2", "norm2")
                        .replace("self_attn.qkv", "attn.qkv").replace("self_attn.projection", "attn.proj"))
                out[p + rest] = v
        elif k.startswith("qformer."):
            k2 = k[len("qformer."):]
            if k2.startswith("layernorm."):
                out["Qformer.bert.embeddings.LayerNorm." + k2.rsplit(".", 1)[1]] = v
            else:
                k2 = k2.replace("attention.attention.", "attention.self.").replace("crossattention.attention.",
                                                                                  "crossattention.self.")
                out["Qformer.bert." + k2] = v
        elif k.startswith("language_projection."):
            out["llama_proj." + k.rsplit(".", 1)[1]] = v
        elif k == "query_tokens":
            out[k] = v
        else:
            raise SystemExit("unexpected tensor " + k)
    return out


if __name__ == "__main__":
    write(sys.argv[2], rename(read(sys.argv[1])))
