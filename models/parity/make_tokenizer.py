"""Writes golden/tokenizer.json: a Llama-style byte-fallback BPE tokenizer with exactly the 320 ids
of the tiny parity Llama (3 specials, 256 byte tokens, letters, a few symbols and merges), so the
parity models can run whole conversations in tests. numpy-free, stdlib only."""
import json
import string

vocab = {"<unk>": 0, "<s>": 1, "</s>": 2}
for b in range(256):
    vocab["<0x%02X>" % b] = len(vocab)
for piece in (["\u2581"] + list(string.ascii_lowercase) + list(string.ascii_uppercase)
              + ["#", ":", "<", ">", "/", "\u2581#", "##", "###"]):
    vocab[piece] = len(vocab)
assert len(vocab) == 320, len(vocab)


def special(i, content):
    return {"id": i, "content": content, "single_word": False, "lstrip": False, "rstrip": False,
            "normalized": False, "special": True}


tokenizer = {
    "version": "1.0", "truncation": None, "padding": None,
    "added_tokens": [special(0, "<unk>"), special(1, "<s>"), special(2, "</s>")],
    "normalizer": {"type": "Sequence", "normalizers": [
        {"type": "Prepend", "prepend": "\u2581"},
        {"type": "Replace", "pattern": {"String": " "}, "content": "\u2581"}]},
    "pre_tokenizer": None, "post_processor": None,
    "decoder": {"type": "Sequence", "decoders": [
        {"type": "Replace", "pattern": {"String": "\u2581"}, "content": " "},
        {"type": "ByteFallback"}, {"type": "Fuse"}, {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
    "model": {"type": "BPE", "dropout": None, "unk_token": "<unk>", "continuing_subword_prefix": None,
              "end_of_word_suffix": None, "fuse_unk": True, "byte_fallback": True, "ignore_merges": False,
              "vocab": vocab, "merges": ["\u2581 #", "# #", "## #"]},
}
with open("golden/tokenizer.json", "w", encoding="utf-8") as f:
    json.dump(tokenizer, f, ensure_ascii=False, indent=1)
