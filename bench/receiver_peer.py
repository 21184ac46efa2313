#!/usr/bin/env python3
"""Helpers of bench/receiver.sh (the receiver benchmark).

  tokens   write one fresh probe token per seed: "address<TAB>token" lines
  deliver  deliver a probe per line of a token file over LMTP (straight into Dovecot,
           so the benchmark measures the receiver, not the MTA), optionally spread over
           some seconds; writes "token<TAB>delivered_at_ms" lines
  imaplib  the peer: a straightforward Python imaplib loop over the same mailboxes
           (STARTTLS, login, INBOX and Junk read-only, header fields of every message,
           BODY.PEEK[] of the match), printing its wall time and round trips
"""
import argparse
import base64
import imaplib
import os
import smtplib
import ssl
import sys
import time


def new_token():
    # 120 random bits, lowercase RFC 4648 base32: inboxprobe's token shape.
    return base64.b32encode(os.urandom(15)).decode().lower()


def cmd_tokens(args):
    with open(args.seeds) as f, open(args.out, "w") as out:
        for line in f:
            address = line.strip()
            if address:
                out.write(f"{address}\t{new_token()}\n")


def probe_message(address, token):
    return (
        f"From: Bench <bench@sender.test>\r\nTo: {address}\r\n"
        f"Subject: receiver benchmark\r\nMessage-ID: <{token}.probe@sender.test>\r\n"
        f"X-Inboxprobe-Probe: {token}\r\nMIME-Version: 1.0\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n"
        f"A benchmark probe.\r\nReference: {token}\r\n"
    )


def cmd_deliver(args):
    probes = [line.rstrip("\n").split("\t") for line in open(args.probes) if line.strip()]
    gap = args.spread / len(probes) if probes else 0
    start = time.time()
    lmtp = smtplib.LMTP(args.host, args.port)
    with open(args.out, "w") as out:
        for i, (address, token) in enumerate(probes):
            wait = start + i * gap - time.time()
            if wait > 0:
                time.sleep(wait)
            lmtp.sendmail("bench@sender.test", [address], probe_message(address, token))
            out.write(f"{token}\t{int(time.time() * 1000)}\n")
            out.flush()
    lmtp.quit()


class CountingIMAP(imaplib.IMAP4):
    """imaplib with a count of the commands sent (each is one round trip)."""

    commands = 0

    def _command(self, name, *args):
        CountingIMAP.commands += 1
        return super()._command(name, *args)


def read_folder(imap, folder, token):
    typ, _ = imap.select(folder, readonly=True)
    if typ != "OK":
        return None
    typ, data = imap.uid("FETCH", "1:*", "(UID BODY.PEEK[HEADER.FIELDS (X-INBOXPROBE-PROBE)])")
    for item in data:
        if isinstance(item, tuple) and token.encode() in item[1]:
            uid = item[0].split(b"UID ")[1].split()[0].decode()
            typ, whole = imap.uid("FETCH", uid, "(BODY.PEEK[])")
            return whole[0][1]
    return None


def cmd_imaplib(args):
    probes = [line.rstrip("\n").split("\t") for line in open(args.probes) if line.strip()]
    context = ssl.create_default_context(cafile=args.ca)
    found = 0
    logins = 0
    start = time.time()
    for address, token in probes:
        with open(os.path.join(args.secrets, address)) as f:
            password = f.read().strip()
        imap = CountingIMAP(args.host, args.port)
        imap.starttls(ssl_context=context)
        imap.login(address, password)
        logins += 4  # greeting-free count as inboxprobe's: CAPABILITY, STARTTLS, CAPABILITY, LOGIN
        for folder in ("INBOX", "Junk"):
            if read_folder(imap, folder, token) is not None:
                found += 1
                break
        imap.logout()
    seconds = time.time() - start
    after_login = (CountingIMAP.commands - logins - len(probes)) / len(probes)  # minus LOGOUT
    print(f"imaplib seconds={seconds:.3f} found={found}/{len(probes)} "
          f"round_trips_per_mailbox={after_login:.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("tokens")
    p.add_argument("--seeds", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("deliver")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--probes", required=True)
    p.add_argument("--spread", type=float, default=0.0, help="seconds to spread delivery over")
    p.add_argument("--out", required=True)
    p = sub.add_parser("imaplib")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--ca", required=True)
    p.add_argument("--secrets", required=True)
    p.add_argument("--probes", required=True)
    args = parser.parse_args()
    {"tokens": cmd_tokens, "deliver": cmd_deliver, "imaplib": cmd_imaplib}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
