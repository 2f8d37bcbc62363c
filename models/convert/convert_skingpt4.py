#!/usr/bin/env python3
"""Convert the published SkinGPT-4 pieces into the safetensors files SkinGPT (Java) loads.

WHERE THIS RUNS: on a machine that has PyTorch (and `safetensors`) and the original weights.
It does not run on the SkinGPT build machines, which have neither, and it is not part of the
build or of any test. Nothing here downloads anything: every input is a local file.

Inputs (all published by their authors; licences apply, Llama-2 needs Meta's licence):
  --eva-vit     eva_vit_g.pth                       EVA ViT-g/14 (LAVIS)
  --qformer     blip2_pretrained_flant5xxl.pth      BLIP-2 checkpoint: ln_vision, query_tokens, Q-Former
  --projection  SkinGPT-4 checkpoint (.pth)         MiniGPT-4-style checkpoint holding llama_proj.*
  --llama       folder of Llama-2-13b-chat in Hugging Face format (config.json, tokenizer.json,
                *.safetensors or pytorch_model*.bin)

Outputs under --out:
  vision/    vision-*.safetensors   LAVIS names, unused tensors dropped:
               visual_encoder.{cls_token,pos_embed,patch_embed.proj.*,blocks.N.*}  (blocks 0..38:
               MiniGPT-4 runs 39 of EVA-g's 40 blocks and no final norm)
               ln_vision.*, query_tokens, Qformer.bert.embeddings.LayerNorm.*,
               Qformer.bert.encoder.layer.N.{attention,crossattention,intermediate_query,output_query}.*
               llama_proj.{weight,bias}
             model.json             descriptor fragment (kind IMAGE_ENCODER)
  language/  language-*.safetensors Hugging Face LlamaForCausalLM names (model.*, lm_head.weight)
             tokenizer.json         copied from the Llama folder
             config.json            copied, for reference
             model.json             descriptor fragment (kind LANGUAGE_MODEL); hyperParameters is
                                    config.json without its null entries, plus context_length
                                    (SkinGPT-4 used 2000)

Dropped on purpose (MiniGPT-4 sets them to None): the Q-Former's text side (word and position
embeddings, per-layer `intermediate.*` and `output.*` used only for text), its `cls` head, BLIP-2's
T5 projection, EVA's classification head and final norm, rotary `inv_freq` buffers of old Llama
checkpoints. Tensors are cast to --dtype (f16 or f32; bfloat16 sources are cast too) and split
into files of at most --shard-gib GiB.

Each model.json fragment lists every file with its SHA-256 and size; paths are relative to the
folder the fragment is in. Fill in name/version/intendedUse before packaging a model bundle.

Example:
  python3 convert_skingpt4.py --eva-vit eva_vit_g.pth --qformer blip2_pretrained_flant5xxl.pth \\
      --projection skingpt4_llama2_13bchat_base_pretrain_stage2.pth --llama Llama-2-13b-chat-hf \\
      --out skingpt4-converted --dtype f16
"""

import argparse
import glob
import hashlib
import json
import os
import re
import shutil
import sys

import torch
from safetensors.torch import load_file, save_file

VIT_BLOCKS_USED = 39  # LAVIS create_eva_vit_g(depth=39): the last of EVA-g's 40 blocks is unused

VIT_KEY = re.compile(r"^(cls_token|pos_embed|patch_embed\.proj\.(weight|bias)|blocks\.(\d+)\..+)$")
QFORMER_KEEP = re.compile(
    r"^Qformer\.bert\.("
    r"embeddings\.LayerNorm\.(weight|bias)"
    r"|encoder\.layer\.\d+\.(attention|crossattention|intermediate_query|output_query)\..+"
    r")$")


def log(message):
    print(message, file=sys.stderr)


def torch_state(path):
    """A checkpoint's state dict; LAVIS and MiniGPT-4 wrap it in {'model': ...}."""
    checkpoint = torch.load(path, map_location="cpu", weights_only=False)
    if isinstance(checkpoint, dict) and isinstance(checkpoint.get("model"), dict):
        return checkpoint["model"]
    if isinstance(checkpoint, dict) and isinstance(checkpoint.get("state_dict"), dict):
        return checkpoint["state_dict"]
    return checkpoint


def cast(tensor, dtype):
    return tensor.detach().to(dtype).contiguous().clone()


def vision_tensors(eva_path, qformer_path, projection_path, dtype):
    out = {}
    for key, value in torch_state(eva_path).items():
        m = VIT_KEY.match(key)
        if not m:
            log(f"  vision: dropping EVA tensor {key}")
            continue
        if m.group(3) is not None and int(m.group(3)) >= VIT_BLOCKS_USED:
            continue
        out["visual_encoder." + key] = cast(value, dtype)

    blip2 = torch_state(qformer_path)
    for key, value in blip2.items():
        if key.startswith("visual_encoder."):
            # MiniGPT-4 loads this checkpoint after eva_vit_g.pth with strict=False, so its ViT
            # tensors, when it has any, are the ones the model ran with.
            inner = key[len("visual_encoder."):]
            m = VIT_KEY.match(inner)
            if m and (m.group(3) is None or int(m.group(3)) < VIT_BLOCKS_USED):
                out[key] = cast(value, dtype)
        elif key.startswith("ln_vision.") or key == "query_tokens" or QFORMER_KEEP.match(key):
            out[key] = cast(value, dtype)
    for required in ("ln_vision.weight", "ln_vision.bias", "query_tokens"):
        if required not in out:
            sys.exit(f"{qformer_path} has no '{required}': is it the BLIP-2 pretrained checkpoint?")

    projection = {k: v for k, v in torch_state(projection_path).items() if k.startswith("llama_proj.")}
    if set(projection) != {"llama_proj.weight", "llama_proj.bias"}:
        sys.exit(f"{projection_path} must hold llama_proj.weight and llama_proj.bias, found {sorted(projection)}")
    for key, value in projection.items():
        out[key] = cast(value, dtype)
    return out


def vision_hyper_parameters(t, vit_heads, qformer_heads):
    """Hyper-parameters in the keys the Java architecture 'minigpt4-vision' reads (see
    docs/models.md), with widths and depths read off the tensors. Head counts cannot be read from
    weights: they come from the command line (EVA ViT-g: 16, BERT-base Q-Former: 12)."""
    blocks = {int(k.split(".")[2]) for k in t if k.startswith("visual_encoder.blocks.")}
    layers = {int(k.split(".")[4]) for k in t if k.startswith("Qformer.bert.encoder.layer.")}
    cross = sorted({int(k.split(".")[4]) for k in t if ".crossattention." in k})
    freq = cross[1] - cross[0] if len(cross) > 1 else max(len(layers), 1)
    if not cross or cross[0] != 0 or cross != list(range(0, len(layers), freq)):
        sys.exit(f"Q-Former cross-attention layers {cross} do not follow 'every n-th layer from 0'")
    patch = t["visual_encoder.patch_embed.proj.weight"]
    positions = t["visual_encoder.pos_embed"].shape[1] - 1
    side = int(round(positions ** 0.5))
    if side * side != positions:
        sys.exit(f"pos_embed holds {positions} patch positions, not a square grid")
    return {
        "image_size": side * patch.shape[-1],
        "patch_size": patch.shape[-1],
        "vit_width": patch.shape[0],
        "vit_depth": len(blocks),
        "vit_blocks_used": len(blocks),
        "vit_heads": vit_heads,
        "vit_mlp_width": t["visual_encoder.blocks.0.mlp.fc1.weight"].shape[0],
        "layer_norm_eps": 1e-6,
        "ln_vision_eps": 1e-5,
        "qformer_width": t["Qformer.bert.embeddings.LayerNorm.weight"].shape[0],
        "qformer_layers": len(layers),
        "qformer_heads": qformer_heads,
        "qformer_intermediate": t["Qformer.bert.encoder.layer.0.intermediate_query.dense.weight"].shape[0],
        "qformer_layer_norm_eps": 1e-12,
        "cross_attention_freq": freq,
        "num_query_tokens": t["query_tokens"].shape[1],
        "projector": "linear",
        "llm_width": t["llama_proj.weight"].shape[0],
        "image_mean": [0.48145466, 0.4578275, 0.40821073],
        "image_std": [0.26862954, 0.26130258, 0.27577711],
    }


def llama_tensors(folder, dtype):
    files = sorted(glob.glob(os.path.join(folder, "*.safetensors")))
    states = [load_file(f) for f in files] if files else [
        torch.load(f, map_location="cpu", weights_only=True)
        for f in sorted(glob.glob(os.path.join(folder, "pytorch_model*.bin")))]
    if not states:
        sys.exit(f"{folder} has neither *.safetensors nor pytorch_model*.bin files")
    out = {}
    for state in states:
        for key, value in state.items():
            if key.endswith("rotary_emb.inv_freq"):
                continue  # a buffer recomputed from rope_theta, not a parameter
            if not (key.startswith("model.") or key == "lm_head.weight"):
                log(f"  language: dropping {key}")
                continue
            out[key] = cast(value, dtype)
    return out


def write_shards(tensors, folder, prefix, shard_bytes):
    os.makedirs(folder, exist_ok=True)
    shards, current, size = [], {}, 0
    for key in sorted(tensors):
        nbytes = tensors[key].numel() * tensors[key].element_size()
        if current and size + nbytes > shard_bytes:
            shards.append(current)
            current, size = {}, 0
        current[key] = tensors[key]
        size += nbytes
    if current:
        shards.append(current)
    written = []
    for i, shard in enumerate(shards):
        name = f"{prefix}-{i + 1:05d}-of-{len(shards):05d}.safetensors"
        path = os.path.join(folder, name)
        save_file(shard, path, metadata={"format": "pt"})
        written.append(path)
        log(f"  wrote {path} ({len(shard)} tensors)")
    return written


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def descriptor(folder, files, kind, architecture, hyper, tokenizer):
    fragment = {
        "name": "FILL-IN",
        "version": "FILL-IN",
        "kind": kind,
        "architecture": architecture,
        "hyperParameters": hyper,
        "tokenizer": tokenizer,
        "weights": [{"path": os.path.basename(p), "sha256": sha256(p), "bytes": os.path.getsize(p)} for p in files],
        "intendedUse": "FILL-IN: licence and intended use shown to users",
        "synthetic": False,
    }
    with open(os.path.join(folder, "model.json"), "w", encoding="utf-8") as f:
        json.dump(fragment, f, indent=2)
        f.write("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eva-vit", required=True)
    parser.add_argument("--qformer", required=True)
    parser.add_argument("--projection", required=True)
    parser.add_argument("--llama", required=True, help="Hugging Face folder of Llama-2-13b-chat")
    parser.add_argument("--out", required=True)
    parser.add_argument("--dtype", choices=["f16", "f32"], default="f16")
    parser.add_argument("--vit-heads", type=int, default=16, help="attention heads of the ViT (EVA ViT-g: 16)")
    parser.add_argument("--qformer-heads", type=int, default=12, help="attention heads of the Q-Former (BERT-base: 12)")
    parser.add_argument("--shard-gib", type=float, default=2.0)
    parser.add_argument("--context-length", type=int, default=2000,
                        help="positions per conversation (SkinGPT-4: 2000; at most max_position_embeddings)")
    args = parser.parse_args()
    dtype = torch.float16 if args.dtype == "f16" else torch.float32
    shard_bytes = int(args.shard_gib * (1 << 30))

    log("vision: EVA ViT-g + BLIP-2 Q-Former + llama_proj")
    vision = vision_tensors(args.eva_vit, args.qformer, args.projection, dtype)
    vision_dir = os.path.join(args.out, "vision")
    vision_files = write_shards(vision, vision_dir, "vision", shard_bytes)
    descriptor(vision_dir, vision_files, "IMAGE_ENCODER", "minigpt4-vision",
               vision_hyper_parameters(vision, args.vit_heads, args.qformer_heads), None)

    log("language: Llama")
    with open(os.path.join(args.llama, "config.json"), encoding="utf-8") as f:
        config = json.load(f)
    tokenizer = os.path.join(args.llama, "tokenizer.json")
    if not os.path.isfile(tokenizer):
        sys.exit(f"{tokenizer} is missing: save the fast tokenizer first, e.g. "
                 "transformers.AutoTokenizer.from_pretrained(folder).save_pretrained(folder)")
    language = llama_tensors(args.llama, dtype)
    if vision["llama_proj.weight"].shape[0] != config["hidden_size"]:
        sys.exit(f"llama_proj projects to {vision['llama_proj.weight'].shape[0]} but the Llama model is "
                 f"{config['hidden_size']} wide: the checkpoints do not belong together")
    language_dir = os.path.join(args.out, "language")
    language_files = write_shards(language, language_dir, "language", shard_bytes)
    shutil.copyfile(tokenizer, os.path.join(language_dir, "tokenizer.json"))
    shutil.copyfile(os.path.join(args.llama, "config.json"), os.path.join(language_dir, "config.json"))
    # Null means "absent" in a Hugging Face config; the descriptor's map holds no nulls.
    hyper = {key: value for key, value in config.items() if value is not None}
    hyper["context_length"] = min(args.context_length, config["max_position_embeddings"])
    descriptor(language_dir, language_files, "LANGUAGE_MODEL", "llama", hyper, "tokenizer.json")
    log("done")


if __name__ == "__main__":
    main()
