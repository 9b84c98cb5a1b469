"""Service Hall's Noise library (stack/noise) against an independent implementation.

The encrypted window units (stack/units.py) link stack/noise, written from the Noise
specification for the one protocol ESPHome's API speaks, Noise_NNpsk0_25519_ChaChaPoly_SHA256.
Here it is compiled (gcc, -Wall -Wextra -Werror, Debian's libsodium) into a shared library and
driven through ctypes against noiseprotocol, the Python Noise library aioesphomeapi brings (and
which clients of the units speak): the same inputs must give the same bytes, each side must
complete handshakes with the other in both roles, and wrong keys or tampered bytes must fail.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag
from noise.connection import Keypair, NoiseConnection

from stack.units import ESPHOME_BIN

from .esphome_unit import skip_on_foreign_python, skip_or_fail

NOISE_DIR = Path(__file__).resolve().parents[1] / "stack" / "noise"
RAND_SOURCE = Path(__file__).parent / "fixtures" / "noise_rand.c"
NAME = b"Noise_NNpsk0_25519_ChaChaPoly_SHA256"
PROLOGUE = b"NoiseAPIInit\x00\x00"  # ESPHome's prologue, with the client hello's empty frame header
MAC_LEN = 16
MAX_MESSAGE = 65535  # spec section 3
# Every NOISE_* constant of the header, so the tests use the library's own numbers.
CODES = {
    name: int(value)
    for name, value in re.findall(
        r"^#define NOISE_(\w+) (\d+)$",
        (NOISE_DIR / "include" / "noise" / "protocol.h").read_text(encoding="utf-8"),
        re.MULTILINE,
    )
}
INITIATOR, RESPONDER = CODES["ROLE_INITIATOR"], CODES["ROLE_RESPONDER"]


class NoiseError(Exception):
    """A stack/noise call returned an error code."""

    def __init__(self, code: int) -> None:
        self.code = code
        name = next((n for n, v in CODES.items() if n.startswith("ERROR_") and v == code), "?")
        super().__init__(f"NOISE_{name} ({code})")


class Buffer(ctypes.Structure):
    """NoiseBuffer."""

    _fields_ = [
        ("data", ctypes.POINTER(ctypes.c_uint8)),
        ("size", ctypes.c_size_t),
        ("max_size", ctypes.c_size_t),
    ]


class ProtocolId(ctypes.Structure):
    """NoiseProtocolId."""

    _fields_ = [
        (field, ctypes.c_int)
        for field in ("prefix_id", "pattern_id", "dh_id", "cipher_id", "hash_id", "hybrid_id")
    ] + [("modifier_ids", ctypes.c_int * CODES["MAX_MODIFIER_IDS"])]


def make_buffer(data: bytes, room: int) -> tuple[Buffer, ctypes.Array[ctypes.c_uint8]]:
    """A NoiseBuffer over a copy of ``data`` with ``room`` bytes in all (keep the array alive)."""
    array = (ctypes.c_uint8 * max(room, 1)).from_buffer_copy(data.ljust(max(room, 1), b"\0"))
    return Buffer(ctypes.cast(array, ctypes.POINTER(ctypes.c_uint8)), len(data), room), array


def contents(buffer: Buffer) -> bytes:
    return ctypes.string_at(buffer.data, buffer.size)


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> ctypes.CDLL:
    """stack/noise built as a shared library, warnings as errors."""
    skip_on_foreign_python(ESPHOME_BIN)  # like the units it is for: built on the host only
    gcc = shutil.which("gcc")
    if gcc is None:
        skip_or_fail("'gcc' not found: stack/noise is C (apt-get install gcc)")
    library = tmp_path_factory.mktemp("noise") / "libnoise.so"
    command = [
        str(gcc), "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror", "-pedantic", "-shared", "-fPIC",
        f"-I{NOISE_DIR / 'include'}", *map(str, sorted((NOISE_DIR / "src").rglob("*.c"))), str(RAND_SOURCE),
        "-o", str(library), "-lsodium",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0 and "sodium.h" in result.stderr:
        skip_or_fail("libsodium not found: stack/noise uses it (apt-get install libsodium-dev)")
    assert result.returncode == 0, result.stderr
    cdll = ctypes.CDLL(str(library))
    pointer = ctypes.c_void_p
    for name, argtypes in {
        "noise_handshakestate_new_by_name": [ctypes.POINTER(pointer), ctypes.c_char_p, ctypes.c_int],
        "noise_handshakestate_new_by_id": [ctypes.POINTER(pointer), ctypes.POINTER(ProtocolId), ctypes.c_int],
        "noise_protocol_name_to_id": [ctypes.POINTER(ProtocolId), ctypes.c_char_p, ctypes.c_size_t],
        "noise_handshakestate_set_prologue": [pointer, ctypes.c_char_p, ctypes.c_size_t],
        "noise_handshakestate_set_pre_shared_key": [pointer, ctypes.c_char_p, ctypes.c_size_t],
        "noise_handshakestate_write_message": [pointer, ctypes.POINTER(Buffer), ctypes.POINTER(Buffer)],
        "noise_handshakestate_read_message": [pointer, ctypes.POINTER(Buffer), ctypes.POINTER(Buffer)],
        "noise_handshakestate_split": [pointer, ctypes.POINTER(pointer), ctypes.POINTER(pointer)],
        "noise_handshakestate_get_handshake_hash": [pointer, ctypes.c_char_p, ctypes.c_size_t],
        "noise_cipherstate_encrypt": [pointer, ctypes.POINTER(Buffer)],
        "noise_cipherstate_decrypt": [pointer, ctypes.POINTER(Buffer)],
        "noise_cipherstate_set_nonce": [pointer, ctypes.c_uint64],
        "test_queue_random": [ctypes.c_char_p, ctypes.c_size_t],
    }.items():
        getattr(cdll, name).argtypes = argtypes
    for name in (
        "noise_handshakestate_start", "noise_handshakestate_get_action", "noise_handshakestate_free",
        "noise_handshakestate_needs_pre_shared_key", "noise_handshakestate_needs_local_keypair",
        "noise_cipherstate_free",
    ):  # fmt: skip
        getattr(cdll, name).argtypes = [pointer]
    cdll.noise_cipherstate_get_mac_length.argtypes = [pointer]
    cdll.noise_cipherstate_get_mac_length.restype = ctypes.c_size_t
    return cdll


def check(code: int) -> None:
    if code != 0:
        raise NoiseError(code)


class Cipher:
    """A transport CipherState of stack/noise."""

    def __init__(self, lib: ctypes.CDLL, state: ctypes.c_void_p) -> None:
        self.lib, self.state = lib, state

    def encrypt(self, plaintext: bytes, room: int | None = None) -> bytes:
        buffer, _keep = make_buffer(plaintext, len(plaintext) + MAC_LEN if room is None else room)
        check(self.lib.noise_cipherstate_encrypt(self.state, ctypes.byref(buffer)))
        return contents(buffer)

    def decrypt(self, ciphertext: bytes) -> bytes:
        buffer, _keep = make_buffer(ciphertext, len(ciphertext))
        check(self.lib.noise_cipherstate_decrypt(self.state, ctypes.byref(buffer)))
        return contents(buffer)

    def set_nonce(self, nonce: int) -> None:
        check(self.lib.noise_cipherstate_set_nonce(self.state, nonce))


class Handshake:
    """A HandshakeState of stack/noise, started with ``psk`` and the prologue."""

    def __init__(self, lib: ctypes.CDLL, role: int, psk: bytes | None, *, start: bool = True) -> None:
        self.lib, self.state = lib, ctypes.c_void_p()
        check(lib.noise_handshakestate_new_by_name(ctypes.byref(self.state), NAME, role))
        check(lib.noise_handshakestate_set_prologue(self.state, PROLOGUE, len(PROLOGUE)))
        if psk is not None:
            check(lib.noise_handshakestate_set_pre_shared_key(self.state, psk, len(psk)))
        if start:
            check(lib.noise_handshakestate_start(self.state))

    def __del__(self) -> None:
        if self.state:
            self.lib.noise_handshakestate_free(self.state)

    @property
    def action(self) -> int:
        return int(self.lib.noise_handshakestate_get_action(self.state))

    def write(
        self, payload: bytes = b"", *, ephemeral: bytes | None = None, room: int | None = None
    ) -> bytes:
        if ephemeral is not None:
            check(self.lib.test_queue_random(ephemeral, len(ephemeral)))
        message, _keep = make_buffer(b"", 32 + len(payload) + MAC_LEN if room is None else room)
        payload_buffer, _keep_payload = make_buffer(payload, len(payload))
        check(
            self.lib.noise_handshakestate_write_message(
                self.state, ctypes.byref(message), ctypes.byref(payload_buffer)
            )
        )
        return contents(message)

    def read(self, message: bytes) -> bytes:
        buffer, _keep = make_buffer(message, len(message))
        payload, _keep_payload = make_buffer(b"", len(message))
        check(
            self.lib.noise_handshakestate_read_message(
                self.state, ctypes.byref(buffer), ctypes.byref(payload)
            )
        )
        return contents(payload)

    def handshake_hash(self) -> bytes:
        out = ctypes.create_string_buffer(32)
        check(self.lib.noise_handshakestate_get_handshake_hash(self.state, out, 32))
        return out.raw

    def split(self) -> tuple[Cipher, Cipher]:
        """The (send, receive) ciphers."""
        send, receive = ctypes.c_void_p(), ctypes.c_void_p()
        check(self.lib.noise_handshakestate_split(self.state, ctypes.byref(send), ctypes.byref(receive)))
        return Cipher(self.lib, send), Cipher(self.lib, receive)


def reference(role: int, psk: bytes, ephemeral: bytes | None = None) -> NoiseConnection:
    """The Python implementation's side of a handshake, started."""
    connection = NoiseConnection.from_name(NAME)
    (connection.set_as_initiator if role == INITIATOR else connection.set_as_responder)()
    connection.set_psks(psk)
    connection.set_prologue(PROLOGUE)
    if ephemeral is not None:
        connection.set_keypair_from_private_bytes(Keypair.EPHEMERAL, ephemeral)
    connection.start_handshake()
    return connection


def raises_code(name: str, call: Callable[..., object], *args: object, **kwargs: object) -> None:
    """``call`` fails with NOISE_ERROR_``name`` (raised, or returned by a library function)."""
    with pytest.raises(NoiseError) as caught:
        if isinstance(result := call(*args, **kwargs), int):
            check(result)
    assert caught.value.code == CODES[f"ERROR_{name}"], caught.value


def handshake(lib: ctypes.CDLL, c_role: int, psk: bytes) -> tuple[Handshake, NoiseConnection]:
    """A complete handshake between stack/noise in ``c_role`` and the Python implementation."""
    ours, theirs = Handshake(lib, c_role, psk), reference(INITIATOR + RESPONDER - c_role, psk)
    if c_role == INITIATOR:
        assert theirs.read_message(ours.write()) == b""
        assert ours.read(bytes(theirs.write_message())) == b""
    else:
        assert ours.read(bytes(theirs.write_message())) == b""
        assert theirs.read_message(ours.write()) == b""
    assert ours.action == CODES["ACTION_SPLIT"] and theirs.handshake_finished
    assert ours.handshake_hash() == theirs.get_handshake_hash()
    return ours, theirs


@pytest.mark.filterwarnings("ignore:One of ephemeral keypairs is already set:UserWarning")
@pytest.mark.parametrize("payloads", [(b"", b""), (b"client hello", b"server hello" * 100)])
def test_same_bytes_as_the_reference_implementation(lib: ctypes.CDLL, payloads: tuple[bytes, bytes]) -> None:
    """Test vectors: the same psk, prologue, ephemeral keys and payloads give the same messages,
    handshake hash and transport messages as noiseprotocol's."""
    psk, e_init, e_resp = bytes(range(32)), bytes(range(100, 132)), bytes(range(200, 232))
    c_init, c_resp = Handshake(lib, INITIATOR, psk), Handshake(lib, RESPONDER, psk)
    py_init, py_resp = reference(INITIATOR, psk, e_init), reference(RESPONDER, psk, e_resp)

    first = c_init.write(payloads[0], ephemeral=e_init)
    assert first == bytes(py_init.write_message(payloads[0]))
    assert len(first) == 32 + len(payloads[0]) + MAC_LEN  # e, then the payload encrypted under the psk's key
    assert c_resp.read(first) == bytes(py_resp.read_message(first)) == payloads[0]
    second = c_resp.write(payloads[1], ephemeral=e_resp)
    assert second == bytes(py_resp.write_message(payloads[1]))
    assert c_init.read(second) == bytes(py_init.read_message(second)) == payloads[1]
    assert c_init.handshake_hash() == c_resp.handshake_hash() == py_init.get_handshake_hash()

    init_send, init_receive = c_init.split()
    resp_send, resp_receive = c_resp.split()
    assert c_init.action == CODES["ACTION_COMPLETE"]
    for index in range(3):
        request, answer = b"request %d" % index, b"answer %d" % index * index
        sealed_request, sealed_answer = init_send.encrypt(request), resp_send.encrypt(answer)
        assert sealed_request == py_init.encrypt(request) and sealed_answer == py_resp.encrypt(answer)
        assert resp_receive.decrypt(sealed_request) == request
        assert init_receive.decrypt(sealed_answer) == answer


@pytest.mark.parametrize("c_role", [RESPONDER, INITIATOR], ids=["unit-as-responder", "initiator"])
def test_handshake_and_transport_with_the_reference(lib: ctypes.CDLL, c_role: int) -> None:
    """Random keys: stack/noise completes the handshake with the Python side in both roles, and
    messages of every size up to the largest go both ways."""
    ours, theirs = handshake(lib, c_role, os.urandom(32))
    send, receive = ours.split()
    assert lib.noise_cipherstate_get_mac_length(send.state) == MAC_LEN
    for size in (0, 1, 4, 1000, MAX_MESSAGE - MAC_LEN):
        message = os.urandom(size)
        assert theirs.decrypt(send.encrypt(message)) == message
        assert receive.decrypt(theirs.encrypt(message)) == message
    raises_code("INVALID_LENGTH", send.encrypt, b"x" * (MAX_MESSAGE - MAC_LEN + 1))
    raises_code("INVALID_LENGTH", send.encrypt, b"abc", room=3 + MAC_LEN - 1)  # no room for the MAC
    raises_code("INVALID_LENGTH", receive.decrypt, b"short")


def test_wrong_psk_fails_both_ways(lib: ctypes.CDLL) -> None:
    # The unit reading a client with another key: the MAC of the first message is wrong.
    unit = Handshake(lib, RESPONDER, bytes(32))
    raises_code("MAC_FAILURE", unit.read, bytes(reference(INITIATOR, b"\1" * 32).write_message()))
    assert unit.action == CODES["ACTION_FAILED"]
    raises_code("INVALID_STATE", unit.write)
    # The other way round.
    with pytest.raises(InvalidTag):
        reference(RESPONDER, b"\1" * 32).read_message(Handshake(lib, INITIATOR, bytes(32)).write())


@pytest.mark.parametrize("position", [0, 31, 32, 47], ids=["e-first", "e-last", "tag-first", "tag-last"])
def test_tampered_handshake_messages_fail(lib: ctypes.CDLL, position: int) -> None:
    psk = os.urandom(32)
    first = bytearray(reference(INITIATOR, psk).write_message())
    first[position] ^= 0x01
    unit = Handshake(lib, RESPONDER, psk)
    raises_code("MAC_FAILURE", unit.read, bytes(first))
    assert unit.action == CODES["ACTION_FAILED"]

    client, server = Handshake(lib, INITIATOR, psk), reference(RESPONDER, psk)
    server.read_message(client.write())
    second = bytearray(server.write_message())
    second[position] ^= 0x80
    raises_code("MAC_FAILURE", client.read, bytes(second))
    assert client.action == CODES["ACTION_FAILED"]


def test_tampered_transport_message_fails_and_keeps_the_nonce(lib: ctypes.CDLL) -> None:
    ours, theirs = handshake(lib, RESPONDER, os.urandom(32))
    _send, receive = ours.split()
    genuine = theirs.encrypt(b"\x00\x07\x00\x02hi")
    for index in (0, len(genuine) - 1):
        tampered = bytearray(genuine)
        tampered[index] ^= 0x10
        raises_code("MAC_FAILURE", receive.decrypt, bytes(tampered))
    # 5.1: a failed decryption does not use up the nonce, so the genuine message still opens.
    assert receive.decrypt(genuine) == b"\x00\x07\x00\x02hi"
    raises_code("MAC_FAILURE", receive.decrypt, genuine)  # replayed: the nonce has moved on


def test_nonce_encoding_and_overflow(lib: ctypes.CDLL) -> None:
    ours, theirs = handshake(lib, INITIATOR, os.urandom(32))
    send, receive = ours.split()
    # 12.3: 32 zero bits, then the nonce little-endian; a nonce with high bytes set shows the order.
    nonce = 0x0102030405060708
    send.set_nonce(nonce)
    theirs.noise_protocol.cipher_state_decrypt.n = nonce
    assert theirs.decrypt(send.encrypt(b"ordered")) == b"ordered"
    # 5.1: 2^64-1 is reserved: the last usable nonce is 2^64-2, then every call fails.
    send.set_nonce(2**64 - 2)
    send.encrypt(b"last")
    raises_code("INVALID_NONCE", send.encrypt, b"one too many")
    receive.set_nonce(2**64 - 1)
    raises_code("INVALID_NONCE", receive.decrypt, bytes(MAC_LEN))


def test_api_errors(lib: ctypes.CDLL) -> None:
    """What ESPHome's frame helper checks: names and ids, the psk, the state machine, lengths."""
    state = ctypes.c_void_p()
    raises_code(
        "UNKNOWN_NAME",
        lib.noise_handshakestate_new_by_name,
        ctypes.byref(state),
        b"Noise_NN_25519_ChaChaPoly_SHA256",
        RESPONDER,
    )
    assert not state
    protocol = ProtocolId()
    check(lib.noise_protocol_name_to_id(ctypes.byref(protocol), NAME, len(NAME)))
    assert protocol.modifier_ids[0] == CODES["MODIFIER_PSK0"] and protocol.pattern_id == CODES["PATTERN_NN"]
    check(lib.noise_handshakestate_new_by_id(ctypes.byref(state), ctypes.byref(protocol), RESPONDER))
    check(lib.noise_handshakestate_free(state))
    protocol.modifier_ids[0] = CODES["MODIFIER_NONE"]  # plain NN: not implemented
    raises_code(
        "UNKNOWN_ID",
        lib.noise_handshakestate_new_by_id,
        ctypes.byref(state),
        ctypes.byref(protocol),
        RESPONDER,
    )
    raises_code("INVALID_PARAM", lib.noise_handshakestate_new_by_name, ctypes.byref(state), NAME, 7)

    unit = Handshake(lib, RESPONDER, None, start=False)
    assert lib.noise_handshakestate_needs_pre_shared_key(unit.state) == 1
    assert lib.noise_handshakestate_needs_local_keypair(unit.state) == 0
    assert unit.action == CODES["ACTION_NONE"]
    raises_code("PSK_REQUIRED", lib.noise_handshakestate_start, unit.state)
    raises_code("INVALID_LENGTH", lib.noise_handshakestate_set_pre_shared_key, unit.state, bytes(31), 31)
    check(lib.noise_handshakestate_set_pre_shared_key(unit.state, bytes(32), 32))
    assert lib.noise_handshakestate_needs_pre_shared_key(unit.state) == 0
    check(lib.noise_handshakestate_start(unit.state))
    assert unit.action == CODES["ACTION_READ_MESSAGE"]
    raises_code("INVALID_STATE", lib.noise_handshakestate_set_prologue, unit.state, b"late", 4)
    raises_code("INVALID_STATE", unit.write)
    raises_code("INVALID_STATE", unit.split)
    raises_code("INVALID_LENGTH", unit.read, bytes(47))  # shorter than e and a MAC
    assert unit.action == CODES["ACTION_FAILED"]

    client = Handshake(lib, INITIATOR, bytes(32))
    raises_code("INVALID_LENGTH", client.write, room=47)
    assert client.action == CODES["ACTION_WRITE_MESSAGE"]  # too small a buffer does not end the handshake
    # ESPHome's responder writes its answer into 64 bytes.
    assert len(client.write(room=64)) == 48

    # 12.1 allows refusing a public key whose DH output is all zeros (here the point 0).
    client = Handshake(lib, INITIATOR, bytes(32))
    client.write()
    raises_code("INVALID_PUBLIC_KEY", client.read, bytes(32 + MAC_LEN))
    assert client.action == CODES["ACTION_FAILED"]
