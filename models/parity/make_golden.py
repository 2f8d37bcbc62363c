"""Golden outputs from the reference implementations (Hugging Face transformers) for tiny, randomly
initialised models of the SkinGPT-4 family, so the Java model family can be checked against them.

Runs where PyTorch and transformers are installed (not on the project's build machines, which have
no PyTorch); it was run once on a GPU lease and its outputs are committed under
bundles/*/src/test/resources/parity/. Everything runs on the CPU in float32: exactness, not speed.

  python3 make_golden.py OUTDIR
"""
import json
import os
import sys

import torch
import transformers
from safetensors.torch import save_file

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
torch.manual_seed(1234)
print("torch", torch.__version__, "transformers", transformers.__version__)


def randomize(module, std=0.2):
    # Default inits leave biases and norms at 0/1; random values exercise every parameter.
    with torch.no_grad():
        for name, p in module.named_parameters():
            p.copy_(torch.randn_like(p) * std + (1.0 if "norm" in name.lower() and name.endswith("weight") else 0.0))


def contiguous(d):
    return {k: v.detach().contiguous().clone() for k, v in d.items()}


# ---------------------------------------------------------------- Llama
from transformers import LlamaConfig, LlamaForCausalLM

llama_cfg = LlamaConfig(vocab_size=320, hidden_size=64, intermediate_size=172, num_hidden_layers=2,
                        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=128,
                        rms_norm_eps=1e-5, rope_theta=10000.0, tie_word_embeddings=False,
                        bos_token_id=1, eos_token_id=2, pad_token_id=0, attention_bias=False, mlp_bias=False)
llama = LlamaForCausalLM(llama_cfg).eval()
randomize(llama, 0.1)
save_file(contiguous(llama.state_dict()), os.path.join(out, "llama_tiny.safetensors"), metadata={"format": "pt"})
with open(os.path.join(out, "llama_tiny_config.json"), "w") as f:
    json.dump(llama_cfg.to_dict(), f, indent=1, default=str)
ids = torch.tensor([[1, 17, 250, 3, 99, 42, 7, 311, 128, 64, 5, 200]])
with torch.no_grad():
    logits = llama(input_ids=ids).logits[0]
    emb = llama.get_input_embeddings()(ids)[0]
    image = torch.randn(5, 64) * 0.5
    spliced = torch.cat([emb[:4], image, emb[4:]], 0)[None]
    spliced_logits = llama(inputs_embeds=spliced).logits[0]
    greedy = llama.generate(input_ids=ids, max_new_tokens=12, do_sample=False, eos_token_id=None,
                            pad_token_id=0)[0, ids.shape[1]:]
# Token ids are stored as float32 (exact below 2^24): the Java weight reader takes float tensors only.
save_file({"input_ids": ids[0].to(torch.float32), "logits": logits.contiguous(), "image_embeds": image.contiguous(),
           "spliced_logits": spliced_logits.contiguous(), "greedy_ids": greedy.to(torch.float32).contiguous()},
          os.path.join(out, "llama_golden.safetensors"))
print("llama ok; greedy", greedy.tolist())

# ---------------------------------------------------------------- BLIP-2 vision + Q-Former + projection
from transformers import Blip2QFormerConfig, Blip2VisionConfig
from transformers.models.blip_2 import modeling_blip_2 as mb

vis_cfg = Blip2VisionConfig(hidden_size=32, intermediate_size=80, num_hidden_layers=2, num_attention_heads=4,
                            image_size=28, patch_size=14, hidden_act="gelu", layer_norm_eps=1e-6, qkv_bias=True)
qf_cfg = Blip2QFormerConfig(hidden_size=48, num_hidden_layers=3, num_attention_heads=4, intermediate_size=96,
                            hidden_act="gelu", layer_norm_eps=1e-12, cross_attention_frequency=2,
                            encoder_hidden_size=32, vocab_size=10, max_position_embeddings=16)
vision = mb.Blip2VisionModel(vis_cfg).eval()
qformer = mb.Blip2QFormerModel(qf_cfg).eval()
query_tokens = torch.nn.Parameter(torch.randn(1, 4, 48) * 0.5)
proj = torch.nn.Linear(48, 64)
randomize(vision)
randomize(qformer)
randomize(proj)
sd = {}
sd.update({"vision_model." + k: v for k, v in vision.state_dict().items()})
sd.update({"qformer." + k: v for k, v in qformer.state_dict().items()})
sd["query_tokens"] = query_tokens.data
sd.update({"language_projection." + k: v for k, v in proj.state_dict().items()})
save_file(contiguous(sd), os.path.join(out, "blip2_tiny_hf.safetensors"), metadata={"format": "pt"})
print("blip2 keys:", sorted(sd.keys()))
pixels = torch.randn(1, 3, 28, 28)
with torch.no_grad():
    image_embeds = vision(pixel_values=pixels).last_hidden_state
    mask = torch.ones(image_embeds.shape[:-1], dtype=torch.long)
    try:
        q = qformer(query_embeds=query_tokens, encoder_hidden_states=image_embeds,
                    encoder_attention_mask=mask).last_hidden_state
    except TypeError as e:
        print("qformer signature", e)
        q = qformer(query_tokens, encoder_hidden_states=image_embeds, encoder_attention_mask=mask).last_hidden_state
    projected = proj(q)
save_file({"pixel_values": pixels.contiguous(), "image_embeds": image_embeds[0].contiguous(),
           "query_output": q[0].contiguous(), "projected": projected[0].contiguous()},
          os.path.join(out, "blip2_golden.safetensors"))
print("blip2 ok", image_embeds.shape, q.shape, projected.shape)
print("vision config", json.dumps(vis_cfg.to_dict(), default=str)[:600])
print("qformer config", json.dumps(qf_cfg.to_dict(), default=str)[:600])
