"""The wire protocol between the trusted parent and the grading child: frames over pipes.

One frame is ``MAGIC`` (4 bytes), the payload length (4 bytes, big-endian), then the payload:
the length of a JSON header (4 bytes, big-endian), the header (UTF-8 JSON, an object), then the
raw bytes of the arrays the header describes, one after the other in the header's order, filling
the rest of the frame exactly. Nothing is pickled and nothing is compressed, and no two arrays
may share bytes, so a frame never decodes to more memory than about its own size; the reader
refuses a frame longer than the cap it was given before reading its payload. Whatever a frame
holds, decoding it either succeeds or raises :class:`ProtocolError` (never another exception:
the parent decodes frames the student's code may have written).

The header is ``{"type": ..., ...}`` plus, when the message carries values, ``"values": {name:
descriptor}``. A descriptor says what a value is:

- ``{"kind": "ndarray", "dtype": "<f8", "shape": [3, 4], "offset": 0, "nbytes": 96}``; an ndarray
  subclass travels as its plain data with ``"subclass": "matrix"``;
- ``{"kind": "float" | "int" | "bool", "value": ...}`` (Python scalars), ``{"kind": "npscalar",
  "dtype": "<f4", "offset": .., "nbytes": ..}`` (numpy scalars);
- ``{"kind": "none"}``, ``{"kind": "str", "value": "..."}``;
- ``{"kind": "other", "type": "Anything", "repr": "..."}``: anything else (only its type name
  and a short repr cross the channel).

The child's reply to a case (``"type": "result"``) also says, when the call returned,
``"inputs_after": {input name: sha256 hex digest}`` of each input the graded function received,
as it was after the call (``grading/child.py``, ``digest``), and, when it raised, ``"function"``:
the innermost function of the student's package in the traceback. The parent uses a digest only
to take points away (an input changed in place), never to give any.

Used on both sides: the parent imports it as ``grading.protocol``; inside the sandbox it sits
beside ``child.py`` in the grader's read-only folder. Standard library and numpy only.
"""
import json
import math
import os
import select
import struct
import time

MAGIC = b"C2NF"
HEADER_CAP = 1 << 20          # bytes of JSON header any frame may carry
MAX_STR = 10_000              # characters of a returned string kept
MAX_REPR = 200
POLL_SECONDS = 0.2           # how often a wait with a deadline looks at the clock (and the watchdog)
# dtypes that may cross the channel: booleans, integers, floats, complex numbers
_ALLOWED_KINDS = "biufc"


class ProtocolError(Exception):
    """A frame that is malformed, too large, or not the one expected."""


# --------------------------------------------------------------------------- values

def encode_values(values):
    """``(descriptors, blobs)`` for a flat dict of values; blobs are bytes in order."""
    import numpy as np

    desc, blobs, offset = {}, [], 0
    for name, v in values.items():
        d = _describe(v, np)
        if d.pop("_array", None) is not None:
            arr = d.pop("_data")
            raw = arr.tobytes(order="C")
            d.update(offset=offset, nbytes=len(raw))
            blobs.append(raw)
            offset += len(raw)
        desc[str(name)] = d
    return desc, blobs


def _describe(v, np):
    t = type(v)
    if isinstance(v, np.ndarray):
        arr = np.asarray(v)
        if arr.dtype.kind not in _ALLOWED_KINDS or arr.dtype.hasobject:
            return {"kind": "other", "type": t.__name__, "repr": f"an array of dtype {arr.dtype} (not numbers)"}
        if arr.dtype.byteorder == ">":
            arr = arr.astype(arr.dtype.newbyteorder("<"))
        d = {"kind": "ndarray", "dtype": arr.dtype.str, "shape": list(arr.shape), "_array": True, "_data": arr}
        if t is not np.ndarray:
            d["subclass"] = t.__name__
        return d
    if t is bool:
        return {"kind": "bool", "value": v}
    if t is int:
        return {"kind": "int", "value": v} if abs(v) < 2**63 else {"kind": "float", "value": float(v)}
    if t is float:
        return {"kind": "float", "value": v if math.isfinite(v) else repr(v)}
    if isinstance(v, np.generic) and np.dtype(t).kind in _ALLOWED_KINDS:
        arr = np.asarray(v)
        arr = arr.astype(arr.dtype.newbyteorder("<")) if arr.dtype.byteorder == ">" else arr
        return {"kind": "npscalar", "dtype": arr.dtype.str, "_array": True, "_data": arr}
    if v is None:
        return {"kind": "none"}
    if t is str:
        return {"kind": "str", "value": v[:MAX_STR]}
    try:
        text = object.__repr__(v)
    except Exception:  # noqa: BLE001  (a student's object: "?" stands for a repr that cannot be made)
        text = "?"
    return {"kind": "other", "type": t.__name__[:100], "repr": text[:MAX_REPR]}


def decode_values(desc, blob):
    """The values described by ``desc`` with their bytes in ``blob`` (a bytes-like object).
    Refuses anything that does not add up (dtype, shape, offsets) with a ProtocolError."""
    import numpy as np

    if not isinstance(desc, dict):
        raise ProtocolError("values: not an object")
    values = {}
    used = 0            # bytes of the blob taken by the arrays so far: each must start where the last ended
    for name, d in desc.items():
        if not isinstance(d, dict):
            raise ProtocolError(f"value {name!r}: descriptor is not an object")
        kind = d.get("kind")
        if kind in ("ndarray", "npscalar"):
            if d.get("offset") != used:
                raise ProtocolError(f"value {name!r}: the arrays' bytes must follow one another in order")
            arr = _array_from(d, blob, np, scalar=kind == "npscalar")
            used += d["nbytes"]
            values[name] = arr[()] if kind == "npscalar" else arr
            if kind == "ndarray" and d.get("subclass"):
                values[name] = Subclassed(arr, str(d["subclass"])[:100])
        elif kind == "float":
            x = d.get("value")
            if isinstance(x, str) and x in ("nan", "inf", "-inf"):
                x = float(x)
            if not isinstance(x, (int, float)) or isinstance(x, bool):
                raise ProtocolError(f"value {name!r}: float expected")
            values[name] = float(x)
        elif kind == "int":
            x = d.get("value")
            if not isinstance(x, int) or isinstance(x, bool):
                raise ProtocolError(f"value {name!r}: int expected")
            values[name] = x
        elif kind == "bool":
            x = d.get("value")
            if not isinstance(x, bool):
                raise ProtocolError(f"value {name!r}: bool expected")
            values[name] = x
        elif kind == "none":
            values[name] = None
        elif kind == "str":
            values[name] = str(d.get("value", ""))[:MAX_STR]
        elif kind == "other":
            values[name] = Opaque(str(d.get("type", "?"))[:100], str(d.get("repr", ""))[:MAX_REPR])
        else:
            raise ProtocolError(f"value {name!r}: unknown kind {kind!r}")
    if used != len(blob):
        raise ProtocolError(f"{len(blob) - used} bytes after the arrays: the arrays' bytes must follow one another "
                            "and fill the frame")
    return values


def _array_from(d, blob, np, scalar=False):
    try:
        dtype = np.dtype(str(d["dtype"]))
    except (KeyError, TypeError):
        raise ProtocolError("array: bad dtype") from None
    if dtype.kind not in _ALLOWED_KINDS or dtype.hasobject or dtype.fields is not None or dtype.subdtype is not None:
        raise ProtocolError(f"array: dtype {dtype} not allowed")
    shape = [] if scalar else d.get("shape")
    if not isinstance(shape, list) or len(shape) > 32 or any(
            not isinstance(n, int) or isinstance(n, bool) or not 0 <= n < 2**31 for n in shape):
        raise ProtocolError("array: bad shape")
    count = 1
    for n in shape:
        count *= n
    offset, nbytes = d.get("offset"), d.get("nbytes")
    if not all(isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in (offset, nbytes)):
        raise ProtocolError("array: bad offset or size")
    if nbytes != count * dtype.itemsize or offset + nbytes > len(blob):
        raise ProtocolError("array: its size does not match its shape and dtype")
    try:
        return np.frombuffer(blob, dtype=dtype, count=count, offset=offset).reshape(shape).copy()
    except (ValueError, TypeError, OverflowError) as exc:   # what numpy itself refuses
        raise ProtocolError(f"array: {exc}") from None


class Opaque:
    """A returned object that is not plain data: only its type name and a short repr travelled."""

    def __init__(self, type_name, text=""):
        self.type_name, self.text = type_name, text

    def __repr__(self):
        return f"<{self.type_name}>"


class Subclassed:
    """The plain data of an ndarray subclass (e.g. ``np.matrix``), with the subclass's name."""

    def __init__(self, array, type_name):
        self.array, self.type_name = array, type_name

    def __repr__(self):
        return f"<{self.type_name} {self.array.shape}>"


# --------------------------------------------------------------------------- frames

def pack(header, values=None):
    """The bytes of one frame: ``header`` (a dict) plus ``values`` (a flat dict, optional)."""
    header = dict(header)
    blobs = []
    if values is not None:
        header["values"], blobs = encode_values(values)
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")
    payload_len = 4 + len(head) + sum(len(b) for b in blobs)
    if payload_len >= 2**32:
        raise ProtocolError("frame too large to send")
    return b"".join([MAGIC, struct.pack(">I", payload_len), struct.pack(">I", len(head)), head, *blobs])


def unpack(payload):
    """``(header, values)`` from a frame's payload (what follows the 8-byte prefix)."""
    if len(payload) < 4:
        raise ProtocolError("frame payload shorter than its header length")
    (head_len,) = struct.unpack(">I", payload[:4])
    if head_len > HEADER_CAP or 4 + head_len > len(payload):
        raise ProtocolError("frame header length out of range")
    try:
        header = json.loads(bytes(payload[4:4 + head_len]).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ProtocolError("frame header is not JSON") from None
    except RecursionError:
        raise ProtocolError("frame header nested too deeply") from None
    if not isinstance(header, dict) or not isinstance(header.get("type"), str):
        raise ProtocolError("frame header is not an object with a type")
    values = {}
    blob = memoryview(payload)[4 + head_len:]
    if "values" in header:
        try:
            values = decode_values(header.pop("values"), blob)
        except ProtocolError:
            raise
        except Exception as exc:  # noqa: BLE001  (any other failure is still the frame's, never the reader's)
            raise ProtocolError(f"values that could not be decoded ({type(exc).__name__})") from None
    elif len(blob):
        raise ProtocolError(f"{len(blob)} bytes after a header that describes no values")
    return header, values


def prefix_length(prefix):
    """The payload length announced by an 8-byte frame prefix (ProtocolError if it is not one)."""
    if len(prefix) != 8 or prefix[:4] != MAGIC:
        raise ProtocolError("bytes on the channel that are not a frame")
    return struct.unpack(">I", prefix[4:])[0]


# --------------------------------------------------------------------------- I/O (both sides)

def write_all(fd: int, data: bytes, deadline: "float | None" = None) -> None:
    """Write ``data`` to ``fd``. With a ``deadline`` (``time.monotonic()``; ``fd`` non-blocking):
    :class:`TimeoutError` when the other end has not taken it all by then."""
    data = memoryview(data)
    while data:
        if deadline is None:
            n = os.write(fd, data)
        else:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the other end did not read in time")
            _, writable, _ = select.select([], [fd], [], min(left, POLL_SECONDS))
            if not writable:
                continue
            n = os.write(fd, data[:1 << 16])
        data = data[n:]


def write_frame(fd: int, header: dict, values: "dict | None" = None, deadline: "float | None" = None) -> None:
    """Write one frame (see :func:`write_all` for the ``deadline``)."""
    write_all(fd, pack(header, values), deadline)


def read_payload(fd: int, cap: int, deadline: "float | None" = None, watch=None, what: str = "frame") -> bytes:
    """Read exactly one frame from ``fd`` and return its payload, refusing it unread
    (:class:`ProtocolError`) when it announces more than ``cap`` bytes; :class:`EOFError` when
    the channel closes first. With a ``deadline`` (``time.monotonic()``): :class:`TimeoutError`
    once it has passed, whatever arrives meanwhile, and ``watch()`` is called every
    :data:`POLL_SECONDS` while waiting (it may raise, e.g. the parent's memory watchdog)."""
    buf = bytearray()
    need = 8
    next_watch = 0.0
    while len(buf) < need:
        if deadline is not None:
            now = time.monotonic()
            if now >= deadline:
                raise TimeoutError("no reply in time")
            if watch is not None and now >= next_watch:
                next_watch = now + POLL_SECONDS
                watch()
            readable, _, _ = select.select([fd], [], [], min(deadline - now, POLL_SECONDS))
            if not readable:
                continue
        chunk = os.read(fd, min(need - len(buf), 1 << 20))
        if not chunk:
            raise EOFError("channel closed")
        buf += chunk
        if need == 8 and len(buf) == 8:
            n = prefix_length(bytes(buf))
            if n > cap:
                raise ProtocolError(f"a {what} of {n:,} bytes, more than the {cap:,} allowed for it")
            need = 8 + n
    return bytes(buf[8:])


def read_frame(fd: int, cap: int, deadline: "float | None" = None) -> tuple:
    """``(header, values)`` of one frame read from ``fd`` (see :func:`read_payload`)."""
    return unpack(read_payload(fd, cap, deadline))
