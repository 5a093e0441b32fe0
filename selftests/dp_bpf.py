#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Minimal bpf(2) access for the datapath selftests (standard library only):
open pinned maps or maps by id, read and write elements, walk keys, map and
program info. x86-64 syscall number; enough for small test maps."""

import ctypes
import os
import struct

NR_BPF = 321
BPF_MAP_LOOKUP_ELEM = 1
BPF_MAP_UPDATE_ELEM = 2
BPF_MAP_GET_NEXT_KEY = 4
BPF_OBJ_GET = 7
BPF_PROG_GET_NEXT_ID = 11
BPF_PROG_GET_FD_BY_ID = 13
BPF_MAP_GET_FD_BY_ID = 14
BPF_OBJ_GET_INFO_BY_FD = 15

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


def _bpf(cmd, attr):
    buf = ctypes.create_string_buffer(attr, 128)
    r = _libc.syscall(NR_BPF, cmd, buf, 128)
    if r < 0:
        e = ctypes.get_errno()
        raise OSError(e, "bpf(%d): %s" % (cmd, os.strerror(e)))
    return r, buf


def _addr(b):
    return ctypes.addressof(b) if b is not None else 0


class Map:
    def __init__(self, fd):
        self.fd = fd
        info = ctypes.create_string_buffer(80)
        _bpf(BPF_OBJ_GET_INFO_BY_FD, struct.pack("IIQ", fd, 80, ctypes.addressof(info)))
        (self.type, self.id, self.key_size, self.value_size, self.max_entries,
         self.flags) = struct.unpack_from("6I", info.raw)
        self.name = info.raw[24:40].split(b"\0")[0].decode()

    @classmethod
    def pinned(cls, path):
        p = ctypes.create_string_buffer(path.encode())
        fd, _ = _bpf(BPF_OBJ_GET, struct.pack("QII", ctypes.addressof(p), 0, 0))
        return cls(fd)

    @classmethod
    def by_id(cls, map_id):
        fd, _ = _bpf(BPF_MAP_GET_FD_BY_ID, struct.pack("III", map_id, 0, 0))
        return cls(fd)

    def lookup(self, key):
        k = ctypes.create_string_buffer(key, self.key_size)
        v = ctypes.create_string_buffer(self.value_size)
        _bpf(BPF_MAP_LOOKUP_ELEM, struct.pack("IIQQQ", self.fd, 0, _addr(k), _addr(v), 0))
        return v.raw

    def update(self, key, value, flags=0):
        k = ctypes.create_string_buffer(key, self.key_size)
        v = ctypes.create_string_buffer(value, self.value_size)
        _bpf(BPF_MAP_UPDATE_ELEM, struct.pack("IIQQQ", self.fd, 0, _addr(k), _addr(v), flags))

    def keys(self):
        out, prev = [], None
        nxt = ctypes.create_string_buffer(self.key_size)
        while True:
            pk = ctypes.create_string_buffer(prev, self.key_size) if prev is not None else None
            try:
                _bpf(BPF_MAP_GET_NEXT_KEY, struct.pack("IIQQ", self.fd, 0, _addr(pk), _addr(nxt)))
            except OSError as e:
                if e.errno == 2:
                    return out
                raise
            prev = nxt.raw
            out.append(prev)

    def close(self):
        os.close(self.fd)


def prog_map_ids(prog_id):
    """Map ids used by program prog_id."""
    fd, _ = _bpf(BPF_PROG_GET_FD_BY_ID, struct.pack("III", prog_id, 0, 0))
    try:
        info = ctypes.create_string_buffer(232)
        _bpf(BPF_OBJ_GET_INFO_BY_FD, struct.pack("IIQ", fd, 232, ctypes.addressof(info)))
        nr = struct.unpack_from("I", info.raw, 52)[0]
        ids = (ctypes.c_uint32 * max(nr, 1))()
        info2 = bytearray(232)	# only the map ids: other counts would want buffers
        struct.pack_into("I", info2, 52, nr)
        struct.pack_into("Q", info2, 56, ctypes.addressof(ids))
        info = ctypes.create_string_buffer(bytes(info2), 232)
        _bpf(BPF_OBJ_GET_INFO_BY_FD, struct.pack("IIQ", fd, 232, ctypes.addressof(info)))
        return list(ids)[:nr]
    finally:
        os.close(fd)


def prog_ids():
    """Ids of every loaded program, ascending."""
    ids, cur = [], 0
    while True:
        try:
            _, buf = _bpf(BPF_PROG_GET_NEXT_ID, struct.pack("II", cur, 0))
        except OSError as e:
            if e.errno == 2:
                return ids
            raise
        cur = struct.unpack_from("II", buf.raw)[1]
        ids.append(cur)


def prog_type(prog_id):
    fd, _ = _bpf(BPF_PROG_GET_FD_BY_ID, struct.pack("III", prog_id, 0, 0))
    try:
        info = ctypes.create_string_buffer(232)
        _bpf(BPF_OBJ_GET_INFO_BY_FD, struct.pack("IIQ", fd, 232, ctypes.addressof(info)))
        return struct.unpack_from("I", info.raw)[0]
    finally:
        os.close(fd)


def map_dump(map_id):
    """(Map, {keyhex: valuehex}) of an ARRAY or HASH map, read with bpf(2)."""
    m = Map.by_id(map_id)
    if m.type == 2:
        keys = [i.to_bytes(4, "little") for i in range(m.max_entries)]
    else:
        keys = m.keys()
    return m, {k.hex(): m.lookup(k).hex() for k in keys}
