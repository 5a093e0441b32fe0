#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Drop-in for `bpftool -p|-j prog show` / `bpftool -p|-j map show` (the
listing form only) that survives objects whose offload device is gone.

Why (harness adaptation (2) of DESIGN.md section 2, used by
selftests/nfpsim_test_offload.sh): Debian 12's bpftool v7.1 walks
BPF_{PROG,MAP}_GET_NEXT_ID itself and aborts the whole listing with
"can't get prog info: No such device" at the first program that is still
referenced (e.g. pinned) but whose device was removed; Debian's 6.1 kernel
keeps such orphans' IDs (ef01f4e25c17).  test_offload.py's
bpftool_prog_list() runs the listing with fail=True, so it would throw.

What: enumerate the IDs here with the bpf(2) syscall (ctypes), run
`bpftool -j <prog|map> show id N` for each, and print the JSON array the
listing would have printed.  An object whose info query fails with ENODEV is
left out, exactly like upstream's later fix ("bpftool: mark orphaned
programs during prog show" + test_offload's exclude_orphaned=True).  An
object freed between enumeration and query (ENOENT) is left out too, as
bpftool's own listing does.  Any other error is printed as bpftool prints it
and the exit status is bpftool's, so test_offload.py fails as before.

Usage: test_offload_bpftool_list.py [-p|-j] prog|map [show|list]
"""
import ctypes
import errno
import json
import os
import platform
import subprocess
import sys

NR_BPF = {"x86_64": 321, "aarch64": 280, "i686": 357, "i386": 357,
          "armv7l": 386, "riscv64": 280, "s390x": 351, "ppc64le": 361}
BPF_PROG_GET_NEXT_ID = 11
BPF_MAP_GET_NEXT_ID = 12

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


def next_ids(cmd):
    """All IDs the kernel hands out for cmd, in ascending order."""
    nr = NR_BPF[platform.machine()]
    ids = []
    start = 0
    while True:
        # union bpf_attr for *_GET_NEXT_ID: start_id, next_id, open_flags
        attr = (ctypes.c_uint32 * 3)(start, 0, 0)
        ret = libc.syscall(ctypes.c_long(nr), ctypes.c_long(cmd),
                           ctypes.byref(attr), ctypes.c_long(ctypes.sizeof(attr)))
        if ret < 0:
            err = ctypes.get_errno()
            if err == errno.ENOENT:
                return ids
            raise OSError(err, os.strerror(err))
        ids.append(attr[1])
        start = attr[1]


def main(argv):
    pretty = "-p" in argv
    words = [a for a in argv if a not in ("-p", "-j", "--pretty", "--json")]
    if not words or words[0] not in ("prog", "map") or \
       any(w not in ("show", "list") for w in words[1:]):
        sys.stderr.write(__doc__.split("Usage: ")[1])
        return 2
    obj = words[0]
    cmd = BPF_PROG_GET_NEXT_ID if obj == "prog" else BPF_MAP_GET_NEXT_ID

    out = []
    for oid in next_ids(cmd):
        proc = subprocess.run(["bpftool", "-j", obj, "show", "id", str(oid)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        text = proc.stdout.decode()
        if proc.returncode == 0:
            out.append(json.loads(text))
            continue
        try:
            msg = json.loads(text)["error"]
        except (ValueError, KeyError, TypeError):
            msg = text + proc.stderr.decode()
        if "No such device" in msg:           # orphaned: device gone
            continue
        if "No such file or directory" in msg:  # freed since enumeration
            continue
        sys.stdout.write(text)
        sys.stderr.write(proc.stderr.decode())
        return proc.returncode
    print(json.dumps(out, indent=4 if pretty else None))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
