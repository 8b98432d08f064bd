#!/usr/bin/env python3
"""Verifies a Maestro evidence bundle (maestro-evidence/v1) without any of Maestro's code.

Usage: python3 verify-evidence.py BUNDLE [--vkey FILE]    (exit status 0: verified, 1: not)

Needs Python 3's standard library and the `openssl` command (3.0 or later, for Ed25519). It hashes
the entry's canonical JSON as an RFC 9162 leaf, walks the inclusion path to a root (RFC 9162
section 2.1.3.2), and checks that the checkpoint holding that root (c2sp.org/tlog-checkpoint) is
signed by the trusted key (c2sp.org/signed-note).

Limitation: json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False) is RFC 8785 (JCS)
only for entries without non-integer numbers and without object keys that mix characters above
U+FFFF with characters in U+E000..U+FFFF. For other entries a failure may be this script's.
"""
import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile

# DER of an Ed25519 SubjectPublicKeyInfo (RFC 8410), up to the 32-byte public key.
ED25519_SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")


class Failed(Exception):
    pass


def sha256(data):
    return hashlib.sha256(data).digest()


def unbase64(text):
    return base64.b64decode(text, validate=True)


def read_bundle(path):
    def object_without_duplicates(pairs):
        if len({key for key, _ in pairs}) != len(pairs):
            raise Failed("the bundle has a duplicate member")
        return dict(pairs)

    floats = []

    def noted_float(text):
        floats.append(text)
        return float(text)

    with open(path, "rb") as file:
        data = file.read((1 << 20) + 1)
    if len(data) > 1 << 20:
        raise Failed("the bundle is over 1 MiB")
    bundle = json.loads(data.decode("utf-8"), object_pairs_hook=object_without_duplicates,
                        parse_float=noted_float)
    if floats:
        print("note: the entry has non-integer numbers; see the limitation in the script", file=sys.stderr)
    if not isinstance(bundle, dict) or bundle.get("format") != "maestro-evidence/v1":
        raise Failed("the bundle is not a maestro-evidence/v1 object")
    if set(bundle) != {"entry", "format", "proof", "vkey"}:
        raise Failed("the bundle's members are not exactly entry, format, proof and vkey")
    return bundle


def canonical_json(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def root_from_inclusion_path(leaf_index, tree_size, leaf_hash, path):
    # RFC 9162 section 2.1.3.2, step by step.
    if leaf_index >= tree_size:
        raise Failed(f"leaf index {leaf_index} is not below tree size {tree_size}")
    fn, sn, r = leaf_index, tree_size - 1, leaf_hash
    for p in path:
        if sn == 0:
            raise Failed("the inclusion path is too long for the tree")
        if fn & 1 == 1 or fn == sn:
            r = sha256(b"\x01" + p + r)
            while fn & 1 == 0 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = sha256(b"\x01" + r + p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise Failed("the inclusion path is too short for the tree")
    return r


def parse_tlog_proof(text):
    # c2sp.org/tlog-proof@v1: header, optional "extra" line, "index N", hashes, blank line, note.
    lines = text.split("\n")
    if lines[0] != "c2sp.org/tlog-proof@v1":
        raise Failed("the proof is not a c2sp.org/tlog-proof@v1")
    at = 2 if lines[1].startswith("extra ") else 1
    if not lines[at].startswith("index ") or not (lines[at][6:].isascii() and lines[at][6:].isdigit()):
        raise Failed("the proof has no index line")
    leaf_index, path, at = int(lines[at][6:]), [], at + 1
    while lines[at] != "":
        path.append(unbase64(lines[at]))
        if len(path[-1]) != 32:
            raise Failed("an inclusion path hash is not 32 bytes")
        at += 1
    return leaf_index, path, "\n".join(lines[at + 1:])


def parse_vkey(vkey):
    # c2sp.org/signed-note: <name>+<key ID as 8 hex digits>+<base64(0x01 || Ed25519 public key)>.
    name, key_id, key = vkey.strip().split("+", 2)
    key, key_id = unbase64(key), bytes.fromhex(key_id)
    if len(key) != 33 or key[0] != 0x01:
        raise Failed("the vkey is not an Ed25519 key")
    if sha256(name.encode("utf-8") + b"\n" + key)[:4] != key_id:
        raise Failed("the vkey's key ID is not SHA-256(name || 0x0A || 0x01 || key)[:4]")
    return name, key_id, key[1:]


def ed25519_is_valid(public_key, message, signature):
    pem = b"-----BEGIN PUBLIC KEY-----\n" + base64.encodebytes(ED25519_SPKI_PREFIX + public_key) \
        + b"-----END PUBLIC KEY-----\n"
    with tempfile.TemporaryDirectory() as directory:
        for name, data in {"pub.pem": pem, "msg": message, "sig": signature}.items():
            with open(os.path.join(directory, name), "wb") as file:
                file.write(data)
        result = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin",
                                 "-in", "msg", "-sigfile", "sig"], cwd=directory, capture_output=True)
    return result.returncode == 0


def open_checkpoint(note, vkey):
    # c2sp.org/signed-note: text, a blank line, then lines "— <key name> base64(key ID || signature)".
    name, key_id, public_key = parse_vkey(vkey)
    split = note.rfind("\n\n")
    if split < 0 or not note.endswith("\n"):
        raise Failed("the checkpoint is not a signed note")
    text, signatures = note[:split + 1], []
    for line in note[split + 2:-1].split("\n"):
        if line.startswith(f"\u2014 {name} "):
            signature = unbase64(line.split(" ")[2])
            if signature[:4] == key_id:
                signatures.append(signature[4:])
    if not signatures:
        raise Failed(f"the checkpoint has no signature by the trusted key {name}+{key_id.hex()}")
    if not all(ed25519_is_valid(public_key, text.encode("utf-8"), s) for s in signatures):
        raise Failed("the checkpoint's signature by the trusted key does not verify")
    # c2sp.org/tlog-checkpoint: origin, tree size, base64 root hash, then optional extension lines.
    origin, tree_size, root_hash = text.split("\n")[:3]
    if origin != name:
        raise Failed(f"the checkpoint's origin {origin!r} is not the key's name {name!r}")
    return origin, int(tree_size), unbase64(root_hash)


def main(arguments):
    if len(arguments) == 3 and arguments[0] == "--vkey":
        arguments = arguments[2:] + arguments[:2]
    if len(arguments) not in (1, 3) or (len(arguments) == 3 and arguments[1] != "--vkey"):
        print("usage: verify-evidence.py BUNDLE [--vkey FILE]", file=sys.stderr)
        return 2
    try:
        bundle = read_bundle(arguments[0])
        if len(arguments) == 3:
            with open(arguments[2], encoding="utf-8") as file:
                vkey = file.read().strip()
        else:
            vkey = bundle["vkey"]
            print("note: trusting the bundle's own key; pass --vkey to check it against a key you trust",
                  file=sys.stderr)
        leaf_index, path, note = parse_tlog_proof(bundle["proof"])
        origin, tree_size, root_hash = open_checkpoint(note, vkey)
        leaf_hash = sha256(b"\x00" + canonical_json(bundle["entry"]))
        if root_from_inclusion_path(leaf_index, tree_size, leaf_hash, path) != root_hash:
            raise Failed("the inclusion path does not lead from the entry to the checkpoint's root")
        if bundle["vkey"] != vkey:
            raise Failed("the bundle names another key than the trusted one that signed its checkpoint")
    except (Failed, AttributeError, IndexError, OSError, TypeError, ValueError) as error:
        print(f"FAILED: {error}", file=sys.stderr)
        return 1
    print(f"verified: entry {leaf_index} (leaf hash {leaf_hash.hex()}) is in {origin} at tree size "
          f"{tree_size}, root {root_hash.hex()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
