"""Writes golden/llama_tiny_v2.safetensors: the parity Llama with every weight perturbed (seeded),
standing in for a second version of a model in the hot-swap tests, so that each answer shows which
version produced it. numpy only."""
import numpy as np

import hf_to_lavis as st

weights = st.read("golden/llama_tiny.safetensors")
rng = np.random.default_rng(2)
variant = {k: (v + rng.normal(0, 0.05, v.shape)).astype(np.float32) for k, v in weights.items()}
st.write("golden/llama_tiny_v2.safetensors", variant)
