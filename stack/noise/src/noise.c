/*
 * Noise_NNpsk0_25519_ChaChaPoly_SHA256 for ESPHome's encrypted native API.
 *
 * Written for Service Hall from the Noise Protocol Framework specification (revision 34,
 * https://noiseprotocol.org/noise.html); section numbers below are the specification's.
 * The API is shaped like noise-c's because ESPHome's code calls it (see noise/protocol.h).
 * Cryptography: libsodium (X25519, ChaCha20-Poly1305 IETF, SHA-256, HMAC-SHA-256).
 */
#include "noise/protocol.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define PROTOCOL_NAME "Noise_NNpsk0_25519_ChaChaPoly_SHA256"
#define HASHLEN 32 /* SHA-256 (12.5) */
#define DHLEN 32   /* 25519 (12.1) */
#define KEYLEN 32  /* cipher keys (5) */
#define PSKLEN 32  /* pre-shared keys (9.1) */
#define MACLEN 16  /* AEAD tag (5) */
#define NONCE_MAX UINT64_MAX /* 2^64-1 is reserved (5.1) */

/* 5.1 CipherState: k and n. */
struct NoiseCipherState_s {
    uint8_t k[KEYLEN];
    int has_k;
    uint64_t n;
};

/* 5.2 SymmetricState: ck, h and a CipherState. */
typedef struct {
    NoiseCipherState cs;
    uint8_t ck[HASHLEN];
    uint8_t h[HASHLEN];
} SymmetricState;

/* 5.3 HandshakeState; the pattern NNpsk0 (7.4, 9.3) is:
 *   -> psk, e
 *   <- e, ee
 * so its state is the number of messages done, the ephemeral keys and the psk. */
struct NoiseHandshakeState_s {
    SymmetricState ss;
    int role;
    int action;
    int messages;      /* handshake messages written or read so far: 0, 1 or 2 */
    uint8_t e_priv[DHLEN];
    uint8_t e_pub[DHLEN];
    uint8_t re[DHLEN];
    uint8_t psk[PSKLEN];
    int has_psk;
    uint8_t *prologue;
    size_t prologue_len;
};

int noise_init(void) {
    return sodium_init() < 0 ? NOISE_ERROR_SYSTEM : NOISE_ERROR_NONE;
}

/* ---- 4.3 hash functions: HASH, HMAC-HASH and HKDF over SHA-256 ---- */

static void hmac(const uint8_t key[HASHLEN], const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len,
                 uint8_t out[HASHLEN]) {
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key, HASHLEN);
    crypto_auth_hmacsha256_update(&st, a, a_len);
    crypto_auth_hmacsha256_update(&st, b, b_len);
    crypto_auth_hmacsha256_final(&st, out);
    sodium_memzero(&st, sizeof st);
}

/* HKDF(chaining_key, input_key_material, num_outputs) for 2 or 3 outputs (out3 NULL for 2). */
static void hkdf(const uint8_t ck[HASHLEN], const uint8_t *ikm, size_t ikm_len, uint8_t out1[HASHLEN],
                 uint8_t out2[HASHLEN], uint8_t out3[HASHLEN]) {
    static const uint8_t one = 0x01, two = 0x02, three = 0x03;
    uint8_t temp_key[HASHLEN];
    hmac(ck, ikm, ikm_len, NULL, 0, temp_key);
    hmac(temp_key, &one, 1, NULL, 0, out1);
    hmac(temp_key, out1, HASHLEN, &two, 1, out2);
    if (out3 != NULL)
        hmac(temp_key, out2, HASHLEN, &three, 1, out3);
    sodium_memzero(temp_key, sizeof temp_key);
}

/* ---- 5.1 CipherState with ChaChaPoly (12.3) ---- */

static void initialize_key(NoiseCipherState *cs, const uint8_t *key) {
    if (key != NULL) {
        memcpy(cs->k, key, KEYLEN);
        cs->has_k = 1;
    } else {
        sodium_memzero(cs->k, KEYLEN);
        cs->has_k = 0;
    }
    cs->n = 0;
}

/* 12.3: 32 bits of zeros followed by the 64-bit nonce, little-endian. */
static void chachapoly_nonce(uint64_t n, uint8_t nonce[crypto_aead_chacha20poly1305_ietf_NPUBBYTES]) {
    int i;
    memset(nonce, 0, 4);
    for (i = 0; i < 8; i++)
        nonce[4 + i] = (uint8_t)(n >> (8 * i));
}

/* EncryptWithAd in place: data[0..len) becomes ciphertext, the MAC goes to data[len..len+16).
 * Without a key the plaintext is returned as it is (5.1). */
static int encrypt_with_ad(NoiseCipherState *cs, const uint8_t *ad, size_t ad_len, uint8_t *data, size_t len,
                           size_t *out_len) {
    uint8_t nonce[crypto_aead_chacha20poly1305_ietf_NPUBBYTES];
    if (!cs->has_k) {
        *out_len = len;
        return NOISE_ERROR_NONE;
    }
    if (cs->n == NONCE_MAX) /* 5.1: n = 2^64-1 may not be used */
        return NOISE_ERROR_INVALID_NONCE;
    chachapoly_nonce(cs->n, nonce);
    crypto_aead_chacha20poly1305_ietf_encrypt_detached(data, data + len, NULL, data, len, ad, ad_len, NULL, nonce,
                                                       cs->k);
    cs->n++;
    *out_len = len + MACLEN;
    return NOISE_ERROR_NONE;
}

/* DecryptWithAd in place: data[0..len) holds ciphertext and MAC; on an authentication failure
 * nothing changes, the nonce included (5.1). */
static int decrypt_with_ad(NoiseCipherState *cs, const uint8_t *ad, size_t ad_len, uint8_t *data, size_t len,
                           size_t *out_len) {
    uint8_t nonce[crypto_aead_chacha20poly1305_ietf_NPUBBYTES];
    if (!cs->has_k) {
        *out_len = len;
        return NOISE_ERROR_NONE;
    }
    if (len < MACLEN)
        return NOISE_ERROR_INVALID_LENGTH;
    if (cs->n == NONCE_MAX)
        return NOISE_ERROR_INVALID_NONCE;
    chachapoly_nonce(cs->n, nonce);
    if (crypto_aead_chacha20poly1305_ietf_decrypt_detached(data, NULL, data, len - MACLEN, data + len - MACLEN, ad,
                                                           ad_len, nonce, cs->k) != 0)
        return NOISE_ERROR_MAC_FAILURE;
    cs->n++;
    *out_len = len - MACLEN;
    return NOISE_ERROR_NONE;
}

int noise_cipherstate_encrypt_with_ad(NoiseCipherState *state, const uint8_t *ad, size_t ad_len, NoiseBuffer *buffer) {
    size_t mac_len;
    if (state == NULL || buffer == NULL || buffer->data == NULL || (ad == NULL && ad_len != 0))
        return NOISE_ERROR_INVALID_PARAM;
    mac_len = state->has_k ? MACLEN : 0;
    if (buffer->size > buffer->max_size || buffer->max_size - buffer->size < mac_len ||
        buffer->size > NOISE_MAX_PAYLOAD_LEN - mac_len) /* 3: messages are at most 65535 bytes */
        return NOISE_ERROR_INVALID_LENGTH;
    return encrypt_with_ad(state, ad, ad_len, buffer->data, buffer->size, &buffer->size);
}

int noise_cipherstate_decrypt_with_ad(NoiseCipherState *state, const uint8_t *ad, size_t ad_len, NoiseBuffer *buffer) {
    if (state == NULL || buffer == NULL || buffer->data == NULL || (ad == NULL && ad_len != 0))
        return NOISE_ERROR_INVALID_PARAM;
    if (buffer->size > buffer->max_size || buffer->size > NOISE_MAX_PAYLOAD_LEN)
        return NOISE_ERROR_INVALID_LENGTH;
    return decrypt_with_ad(state, ad, ad_len, buffer->data, buffer->size, &buffer->size);
}

/* Transport messages have zero-length associated data (5.2 Split, 5). */
int noise_cipherstate_encrypt(NoiseCipherState *state, NoiseBuffer *buffer) {
    return noise_cipherstate_encrypt_with_ad(state, NULL, 0, buffer);
}

int noise_cipherstate_decrypt(NoiseCipherState *state, NoiseBuffer *buffer) {
    return noise_cipherstate_decrypt_with_ad(state, NULL, 0, buffer);
}

int noise_cipherstate_has_key(const NoiseCipherState *state) {
    return state != NULL && state->has_k;
}

size_t noise_cipherstate_get_mac_length(const NoiseCipherState *state) {
    return noise_cipherstate_has_key(state) ? MACLEN : 0;
}

/* 5.1 SetNonce. */
int noise_cipherstate_set_nonce(NoiseCipherState *state, uint64_t nonce) {
    if (state == NULL)
        return NOISE_ERROR_INVALID_PARAM;
    if (!state->has_k)
        return NOISE_ERROR_INVALID_STATE;
    state->n = nonce;
    return NOISE_ERROR_NONE;
}

int noise_cipherstate_free(NoiseCipherState *state) {
    if (state == NULL)
        return NOISE_ERROR_INVALID_PARAM;
    sodium_memzero(state, sizeof *state);
    free(state);
    return NOISE_ERROR_NONE;
}

/* ---- 5.2 SymmetricState ---- */

static void mix_hash(SymmetricState *ss, const uint8_t *data, size_t len) {
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, ss->h, HASHLEN);
    crypto_hash_sha256_update(&st, data, len);
    crypto_hash_sha256_final(&st, ss->h);
}

static void initialize_symmetric(SymmetricState *ss) {
    /* The name is longer than HASHLEN, so h = HASH(protocol_name). */
    crypto_hash_sha256(ss->h, (const uint8_t *)PROTOCOL_NAME, strlen(PROTOCOL_NAME));
    memcpy(ss->ck, ss->h, HASHLEN);
    initialize_key(&ss->cs, NULL);
}

static void mix_key(SymmetricState *ss, const uint8_t *ikm, size_t len) {
    uint8_t temp_k[HASHLEN];
    hkdf(ss->ck, ikm, len, ss->ck, temp_k, NULL);
    initialize_key(&ss->cs, temp_k); /* HASHLEN == 32: no truncation */
    sodium_memzero(temp_k, sizeof temp_k);
}

static void mix_key_and_hash(SymmetricState *ss, const uint8_t *ikm, size_t len) {
    uint8_t temp_h[HASHLEN], temp_k[HASHLEN];
    hkdf(ss->ck, ikm, len, ss->ck, temp_h, temp_k);
    mix_hash(ss, temp_h, HASHLEN);
    initialize_key(&ss->cs, temp_k);
    sodium_memzero(temp_h, sizeof temp_h);
    sodium_memzero(temp_k, sizeof temp_k);
}

/* EncryptAndHash in place; data must have room for the MAC. */
static int encrypt_and_hash(SymmetricState *ss, uint8_t *data, size_t len, size_t *out_len) {
    int err = encrypt_with_ad(&ss->cs, ss->h, HASHLEN, data, len, out_len);
    if (err == NOISE_ERROR_NONE)
        mix_hash(ss, data, *out_len);
    return err;
}

/* DecryptAndHash in place: h is mixed with the ciphertext, which decryption overwrites, so the
 * new h is computed first and the old one kept as the associated data. (On a failure the
 * handshake fails as a whole, so h need not be restored.) */
static int decrypt_and_hash(SymmetricState *ss, uint8_t *data, size_t len, size_t *out_len) {
    uint8_t ad[HASHLEN];
    memcpy(ad, ss->h, HASHLEN);
    mix_hash(ss, data, len);
    return decrypt_with_ad(&ss->cs, ad, HASHLEN, data, len, out_len);
}

/* ---- 12.1 the 25519 DH functions ---- */

static void generate_keypair(uint8_t priv[DHLEN], uint8_t pub[DHLEN]) {
    noise_rand_bytes(priv, DHLEN);
    crypto_scalarmult_base(pub, priv);
}

/* X25519. A public key giving an all-zero output is refused, which 12.1 allows. */
static int dh(const uint8_t priv[DHLEN], const uint8_t pub[DHLEN], uint8_t out[DHLEN]) {
    return crypto_scalarmult(out, priv, pub) == 0 ? NOISE_ERROR_NONE : NOISE_ERROR_INVALID_PUBLIC_KEY;
}

/* ---- protocol names and ids (8) ---- */

static int is_our_protocol(const NoiseProtocolId *id) {
    int i;
    if (id->prefix_id != NOISE_PREFIX_STANDARD || id->pattern_id != NOISE_PATTERN_NN ||
        id->dh_id != NOISE_DH_CURVE25519 || id->cipher_id != NOISE_CIPHER_CHACHAPOLY ||
        id->hash_id != NOISE_HASH_SHA256 || id->hybrid_id != NOISE_DH_NONE ||
        id->modifier_ids[0] != NOISE_MODIFIER_PSK0)
        return 0;
    for (i = 1; i < NOISE_MAX_MODIFIER_IDS; i++)
        if (id->modifier_ids[i] != NOISE_MODIFIER_NONE)
            return 0;
    return 1;
}

int noise_protocol_name_to_id(NoiseProtocolId *id, const char *name, size_t name_len) {
    if (id == NULL || name == NULL)
        return NOISE_ERROR_INVALID_PARAM;
    if (name_len != strlen(PROTOCOL_NAME) || memcmp(name, PROTOCOL_NAME, name_len) != 0)
        return NOISE_ERROR_UNKNOWN_NAME;
    memset(id, 0, sizeof *id);
    id->prefix_id = NOISE_PREFIX_STANDARD;
    id->pattern_id = NOISE_PATTERN_NN;
    id->dh_id = NOISE_DH_CURVE25519;
    id->cipher_id = NOISE_CIPHER_CHACHAPOLY;
    id->hash_id = NOISE_HASH_SHA256;
    id->hybrid_id = NOISE_DH_NONE;
    id->modifier_ids[0] = NOISE_MODIFIER_PSK0;
    return NOISE_ERROR_NONE;
}

/* ---- 5.3 HandshakeState ---- */

int noise_handshakestate_new_by_id(NoiseHandshakeState **state, const NoiseProtocolId *protocol_id, int role) {
    NoiseHandshakeState *hs;
    if (state == NULL)
        return NOISE_ERROR_INVALID_PARAM;
    *state = NULL;
    if (protocol_id == NULL || (role != NOISE_ROLE_INITIATOR && role != NOISE_ROLE_RESPONDER))
        return NOISE_ERROR_INVALID_PARAM;
    if (!is_our_protocol(protocol_id))
        return NOISE_ERROR_UNKNOWN_ID;
    if (noise_init() != NOISE_ERROR_NONE)
        return NOISE_ERROR_SYSTEM;
    hs = calloc(1, sizeof *hs);
    if (hs == NULL)
        return NOISE_ERROR_NO_MEMORY;
    hs->role = role;
    hs->action = NOISE_ACTION_NONE;
    *state = hs;
    return NOISE_ERROR_NONE;
}

int noise_handshakestate_new_by_name(NoiseHandshakeState **state, const char *protocol_name, int role) {
    NoiseProtocolId id;
    int err;
    if (state == NULL)
        return NOISE_ERROR_INVALID_PARAM;
    *state = NULL;
    if (protocol_name == NULL)
        return NOISE_ERROR_INVALID_PARAM;
    err = noise_protocol_name_to_id(&id, protocol_name, strlen(protocol_name));
    if (err != NOISE_ERROR_NONE)
        return err;
    return noise_handshakestate_new_by_id(state, &id, role);
}

int noise_handshakestate_free(NoiseHandshakeState *state) {
    if (state == NULL)
        return NOISE_ERROR_INVALID_PARAM;
    free(state->prologue);
    sodium_memzero(state, sizeof *state);
    free(state);
    return NOISE_ERROR_NONE;
}

int noise_handshakestate_get_role(const NoiseHandshakeState *state) {
    return state == NULL ? 0 : state->role;
}

/* The prologue (6) is mixed into h by start(); it can only be set before. */
int noise_handshakestate_set_prologue(NoiseHandshakeState *state, const void *prologue, size_t size) {
    uint8_t *copy = NULL;
    if (state == NULL || (prologue == NULL && size != 0))
        return NOISE_ERROR_INVALID_PARAM;
    if (state->action != NOISE_ACTION_NONE)
        return NOISE_ERROR_INVALID_STATE;
    if (size != 0) {
        copy = malloc(size);
        if (copy == NULL)
            return NOISE_ERROR_NO_MEMORY;
        memcpy(copy, prologue, size);
    }
    free(state->prologue);
    state->prologue = copy;
    state->prologue_len = size;
    return NOISE_ERROR_NONE;
}

int noise_handshakestate_needs_pre_shared_key(const NoiseHandshakeState *state) {
    return state != NULL && !state->has_psk; /* psk0: every handshake has one (9) */
}

int noise_handshakestate_has_pre_shared_key(const NoiseHandshakeState *state) {
    return state != NULL && state->has_psk;
}

/* 9.1: a psk is 32 bytes. */
int noise_handshakestate_set_pre_shared_key(NoiseHandshakeState *state, const uint8_t *key, size_t key_len) {
    if (state == NULL || key == NULL)
        return NOISE_ERROR_INVALID_PARAM;
    if (key_len != PSKLEN)
        return NOISE_ERROR_INVALID_LENGTH;
    if (state->action != NOISE_ACTION_NONE)
        return NOISE_ERROR_INVALID_STATE;
    memcpy(state->psk, key, PSKLEN);
    state->has_psk = 1;
    return NOISE_ERROR_NONE;
}

/* NN has no static keys (7.4). */
int noise_handshakestate_needs_local_keypair(const NoiseHandshakeState *state) {
    (void)state;
    return 0;
}

int noise_handshakestate_needs_remote_public_key(const NoiseHandshakeState *state) {
    (void)state;
    return 0;
}

/* Initialize (5.3): InitializeSymmetric(protocol_name), MixHash(prologue); NN has no pre-messages. */
int noise_handshakestate_start(NoiseHandshakeState *state) {
    if (state == NULL)
        return NOISE_ERROR_INVALID_PARAM;
    if (state->action != NOISE_ACTION_NONE)
        return NOISE_ERROR_INVALID_STATE;
    if (!state->has_psk)
        return NOISE_ERROR_PSK_REQUIRED;
    initialize_symmetric(&state->ss);
    mix_hash(&state->ss, state->prologue, state->prologue_len);
    state->messages = 0;
    state->action = state->role == NOISE_ROLE_INITIATOR ? NOISE_ACTION_WRITE_MESSAGE : NOISE_ACTION_READ_MESSAGE;
    return NOISE_ERROR_NONE;
}

int noise_handshakestate_get_action(const NoiseHandshakeState *state) {
    return state == NULL ? NOISE_ACTION_NONE : state->action;
}

/* After message 1 the other side speaks; after message 2 the handshake is done. */
static void next_message(NoiseHandshakeState *state) {
    state->messages++;
    if (state->messages == 2)
        state->action = NOISE_ACTION_SPLIT;
    else
        state->action = state->action == NOISE_ACTION_WRITE_MESSAGE ? NOISE_ACTION_READ_MESSAGE
                                                                    : NOISE_ACTION_WRITE_MESSAGE;
}

/* Fails the handshake: 5.3 says an error in WriteMessage/ReadMessage ends it. */
static int fail(NoiseHandshakeState *state, int err) {
    state->action = NOISE_ACTION_FAILED;
    sodium_memzero(state->e_priv, DHLEN);
    return err;
}

/* The tokens of the current message before its payload, the same for the writer and the reader
 * (e is the writer's ephemeral public key): psk (message 1 only): MixKeyAndHash(psk) (9.2);
 * e: MixHash(e), and with a psk MixKey(e) too (9.2); ee (message 2 only): MixKey(DH(e, re)). */
static int mix_tokens(NoiseHandshakeState *state, const uint8_t e[DHLEN]) {
    uint8_t dh_out[DHLEN];
    int err;
    if (state->messages == 0)
        mix_key_and_hash(&state->ss, state->psk, PSKLEN);
    mix_hash(&state->ss, e, DHLEN);
    mix_key(&state->ss, e, DHLEN);
    if (state->messages == 1) {
        err = dh(state->e_priv, state->re, dh_out);
        if (err != NOISE_ERROR_NONE)
            return err;
        mix_key(&state->ss, dh_out, DHLEN);
        sodium_memzero(dh_out, DHLEN);
    }
    return NOISE_ERROR_NONE;
}

/* WriteMessage (5.3). Message 1 (initiator): psk, e; message 2 (responder): e, ee. Then
 * EncryptAndHash(payload). */
int noise_handshakestate_write_message(NoiseHandshakeState *state, NoiseBuffer *message, const NoiseBuffer *payload) {
    size_t payload_len = payload == NULL ? 0 : payload->size;
    size_t out_len;
    int err;
    if (state == NULL || message == NULL || message->data == NULL ||
        (payload != NULL && payload->data == NULL && payload->size != 0))
        return NOISE_ERROR_INVALID_PARAM;
    if (state->action != NOISE_ACTION_WRITE_MESSAGE)
        return NOISE_ERROR_INVALID_STATE;
    /* Both messages carry e and an encrypted payload (k is set by psk in message 1). */
    if (payload_len > NOISE_MAX_PAYLOAD_LEN - DHLEN - MACLEN || message->max_size < DHLEN + payload_len + MACLEN)
        return NOISE_ERROR_INVALID_LENGTH;

    if (payload_len != 0) /* first: the payload may sit where e goes */
        memmove(message->data + DHLEN, payload->data, payload_len);
    /* e token: a new ephemeral key, sent in the clear. */
    generate_keypair(state->e_priv, state->e_pub);
    memcpy(message->data, state->e_pub, DHLEN);
    err = mix_tokens(state, state->e_pub);
    if (err != NOISE_ERROR_NONE)
        return fail(state, err);
    err = encrypt_and_hash(&state->ss, message->data + DHLEN, payload_len, &out_len);
    if (err != NOISE_ERROR_NONE)
        return fail(state, err);
    message->size = DHLEN + out_len;
    next_message(state);
    return NOISE_ERROR_NONE;
}

/* ReadMessage (5.3), the mirror of write_message. */
int noise_handshakestate_read_message(NoiseHandshakeState *state, NoiseBuffer *message, NoiseBuffer *payload) {
    size_t out_len;
    int err;
    if (state == NULL || message == NULL || message->data == NULL)
        return NOISE_ERROR_INVALID_PARAM;
    if (state->action != NOISE_ACTION_READ_MESSAGE)
        return NOISE_ERROR_INVALID_STATE;
    if (message->size < DHLEN + MACLEN || message->size > NOISE_MAX_PAYLOAD_LEN)
        return fail(state, NOISE_ERROR_INVALID_LENGTH);

    memcpy(state->re, message->data, DHLEN); /* e token: the peer's ephemeral key */
    err = mix_tokens(state, state->re);
    if (err != NOISE_ERROR_NONE)
        return fail(state, err);
    err = decrypt_and_hash(&state->ss, message->data + DHLEN, message->size - DHLEN, &out_len);
    if (err != NOISE_ERROR_NONE)
        return fail(state, err);
    if (payload != NULL) {
        if (payload->data == NULL || payload->max_size < out_len)
            return fail(state, NOISE_ERROR_INVALID_LENGTH);
        memmove(payload->data, message->data + DHLEN, out_len);
        payload->size = out_len;
    }
    next_message(state);
    return NOISE_ERROR_NONE;
}

/* Split (5.2): c1 encrypts initiator -> responder, c2 responder -> initiator. */
int noise_handshakestate_split(NoiseHandshakeState *state, NoiseCipherState **send, NoiseCipherState **receive) {
    uint8_t k1[HASHLEN], k2[HASHLEN];
    NoiseCipherState *c1, *c2;
    if (state == NULL || (send == NULL && receive == NULL))
        return NOISE_ERROR_INVALID_PARAM;
    if (state->action != NOISE_ACTION_SPLIT)
        return NOISE_ERROR_INVALID_STATE;
    c1 = calloc(1, sizeof *c1);
    c2 = calloc(1, sizeof *c2);
    if (c1 == NULL || c2 == NULL) {
        free(c1);
        free(c2);
        return NOISE_ERROR_NO_MEMORY;
    }
    hkdf(state->ss.ck, NULL, 0, k1, k2, NULL);
    initialize_key(c1, k1);
    initialize_key(c2, k2);
    sodium_memzero(k1, sizeof k1);
    sodium_memzero(k2, sizeof k2);
    if (state->role == NOISE_ROLE_RESPONDER) {
        NoiseCipherState *swap = c1;
        c1 = c2;
        c2 = swap;
    }
    if (send != NULL)
        *send = c1;
    else
        noise_cipherstate_free(c1);
    if (receive != NULL)
        *receive = c2;
    else
        noise_cipherstate_free(c2);
    /* The handshake's secrets are no longer needed (5.2: the SymmetricState may be deleted). */
    sodium_memzero(state->ss.ck, HASHLEN);
    sodium_memzero(&state->ss.cs, sizeof state->ss.cs);
    sodium_memzero(state->e_priv, DHLEN);
    sodium_memzero(state->psk, PSKLEN);
    state->action = NOISE_ACTION_COMPLETE;
    return NOISE_ERROR_NONE;
}

int noise_handshakestate_get_handshake_hash(const NoiseHandshakeState *state, uint8_t *hash, size_t max_len) {
    if (state == NULL || hash == NULL)
        return NOISE_ERROR_INVALID_PARAM;
    if (state->action != NOISE_ACTION_SPLIT && state->action != NOISE_ACTION_COMPLETE)
        return NOISE_ERROR_INVALID_STATE;
    if (max_len < HASHLEN)
        return NOISE_ERROR_INVALID_LENGTH;
    memcpy(hash, state->ss.h, HASHLEN);
    return NOISE_ERROR_NONE;
}
