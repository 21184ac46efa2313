#!/usr/bin/python3
"""The analysis benchmark's message set and its Python peer.

prepare DIR CORPUS  write DIR/messages/*.eml (CRLF) and DIR/keys.txt
                    ("name<space>TXT" lines) from the shared corpus: every
                    message whose DKIM keys the corpus holds, plus the real
                    provider messages (no keys: the lookup fails fast).
run DIR SECONDS     the peer pipeline on the same files for about SECONDS:
                    dkimpy verify (keys from the same map, cached), python
                    authres parse of every Authentication-Results field and
                    the Received chain through the email package; prints
                    msgs/s.
"""
import email
import email.policy
import email.utils
import os
import sys
import time

import authres
import dkim

KEYED = [
    ("dkim-mimekit/gmail.msg", "gmail"),
    ("dkim-mimekit/related.msg", "gmail"),
    ("dkim-mimekit/multipart-no-end-boundary.msg", "gmail"),
    ("dkim-dkimpy/rfc6376.signed.rsa.msg", None),
]
STALWART = ["dkim-stalwart/001.txt", "dkim-stalwart/004.txt", "dkim-stalwart/006.txt"]


def crlf(data):
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def prepare(out, corpus):
    os.makedirs(os.path.join(out, "messages"), exist_ok=True)
    keys = {}
    for line in open(os.path.join(corpus, "dkim-edge/keys.txt"), "rb"):
        name, _, value = line.strip().partition(b" ")
        keys[name] = value
    pem = open(os.path.join(corpus, "dkim-mimekit/gmail.pub"), "rb").read().splitlines()
    keys[b"20120113._domainkey.gmail.com"] = b"k=rsa; p=" + b"".join(
        l for l in pem if not l.startswith(b"-----"))
    keys[b"test._domainkey.football.example.com"] = open(
        os.path.join(corpus, "dkim-dkimpy/test.txt"), "rb").read().strip()
    messages = []
    for name in sorted(os.listdir(os.path.join(corpus, "dkim-edge"))):
        if name.endswith(".eml"):
            messages.append(open(os.path.join(corpus, "dkim-edge", name), "rb").read())
    for path in STALWART:
        data = open(os.path.join(corpus, path), "rb").read()
        dns, _, message = data.partition(b"\n\n")
        for line in dns.splitlines():
            name, _, value = line.partition(b" ")
            keys[name] = value
        messages.append(crlf(message))
    for path, _ in KEYED:
        messages.append(crlf(open(os.path.join(corpus, path), "rb").read()))
    for name in sorted(os.listdir(os.path.join(corpus, "provider-headers"))):
        if name.endswith(".eml"):
            messages.append(crlf(open(os.path.join(corpus, "provider-headers", name), "rb").read()))
    for i, message in enumerate(messages):
        open(os.path.join(out, "messages", "%03d.eml" % i), "wb").write(message)
    with open(os.path.join(out, "keys.txt"), "wb") as f:
        for name, value in sorted(keys.items()):
            f.write(name + b" " + value + b"\n")
    print(len(messages), "messages")


def load(out):
    keys = {}
    for line in open(os.path.join(out, "keys.txt"), "rb"):
        name, _, value = line.rstrip(b"\n").partition(b" ")
        keys[name.lower()] = value
    messages = [open(os.path.join(out, "messages", n), "rb").read()
                for n in sorted(os.listdir(os.path.join(out, "messages")))]
    return keys, messages


def analyse(message, dnsfunc):
    parsed = email.message_from_bytes(message, policy=email.policy.compat32)
    for value in parsed.get_all("Authentication-Results", []):
        try:
            authres.AuthenticationResultsHeader.parse("Authentication-Results: " + str(value))
        except Exception:
            pass  # python-authres rejects some valid inputs (corpus notes)
    for value in parsed.get_all("Received", []):
        email.utils.parsedate_tz(str(value).rpartition(";")[2])
    d = dkim.DKIM(message)
    count = sum(1 for name, _ in d.headers if name.lower() == b"dkim-signature")
    for index in range(count):
        try:
            d.verify(idx=index, dnsfunc=dnsfunc)
        except Exception:
            pass


def run(out, seconds):
    keys, messages = load(out)
    dnsfunc = lambda name, timeout=5: keys.get(name.rstrip(b".").lower())
    done = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for message in messages:
            analyse(message, dnsfunc)
        done += len(messages)
    print("%.1f" % (done / (time.perf_counter() - start)))


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        prepare(sys.argv[2], sys.argv[3])
    else:
        run(sys.argv[2], float(sys.argv[3]))
