"""convtrace's conversation sampling rule in Python, from the TSDoc of isConversationSampled
(src/conversation/sampling.ts) with the standard library only — what a Python service copies to keep
or drop the same conversations. Reads {"ids": [...], "ratios": [...], "documented": "<expr>"} on
stdin; prints {"rule": [...], "documented": [...]}: per ratio, one '1' (kept) or '0' per id, from
this function and from the TSDoc's own Python one-liner (evaluated with `cid` and `ratio` bound)."""

import hashlib
import json
import sys


def is_conversation_sampled(conversation_id: str, ratio: float) -> bool:
    if not ratio > 0:
        return False
    if ratio >= 1:
        return True
    x = int.from_bytes(hashlib.sha256(conversation_id.encode("utf-8")).digest()[:8], "big")
    return x < int(ratio * 2**64)  # ratio * 2**64 is a double, as in the TS; int() floors it


config = json.loads(sys.stdin.buffer.read())  # bytes: UTF-8 whatever the locale
bits = lambda keep: "".join("1" if k else "0" for k in keep)  # noqa: E731
rule = [bits(is_conversation_sampled(i, r) for i in config["ids"]) for r in config["ratios"]]
documented = [
    bits(eval(config["documented"], {"hashlib": hashlib}, {"cid": i, "ratio": r}) for i in config["ids"])
    for r in config["ratios"]
]
print(json.dumps({"rule": rule, "documented": documented}))
