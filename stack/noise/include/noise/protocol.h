/*
 * Noise Protocol Framework, the one protocol ESPHome's encrypted native API speaks:
 * Noise_NNpsk0_25519_ChaChaPoly_SHA256.
 *
 * Written for Service Hall from the Noise Protocol Framework specification (revision 34,
 * https://noiseprotocol.org/noise.html), on top of libsodium. The API is shaped like noise-c's
 * because ESPHome's code (components/api/api_frame_helper_noise.cpp) calls it by these names:
 * only the subset ESPHome uses, plus what a test needs to play the initiator.
 *
 * The embedder supplies the randomness for ephemeral keys: void noise_rand_bytes(void *, size_t)
 * (ESPHome defines it with its hardware RNG).
 */
#ifndef SERVICE_HALL_NOISE_PROTOCOL_H
#define SERVICE_HALL_NOISE_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes: 0 is success, every failure is non-zero. */
#define NOISE_ERROR_NONE 0
#define NOISE_ERROR_NO_MEMORY 1
#define NOISE_ERROR_UNKNOWN_ID 2
#define NOISE_ERROR_UNKNOWN_NAME 3
#define NOISE_ERROR_MAC_FAILURE 4
#define NOISE_ERROR_NOT_APPLICABLE 5
#define NOISE_ERROR_SYSTEM 6
#define NOISE_ERROR_REMOTE_KEY_REQUIRED 7
#define NOISE_ERROR_LOCAL_KEY_REQUIRED 8
#define NOISE_ERROR_PSK_REQUIRED 9
#define NOISE_ERROR_INVALID_LENGTH 10
#define NOISE_ERROR_INVALID_PARAM 11
#define NOISE_ERROR_INVALID_STATE 12
#define NOISE_ERROR_INVALID_NONCE 13
#define NOISE_ERROR_INVALID_PRIVATE_KEY 14
#define NOISE_ERROR_INVALID_PUBLIC_KEY 15
#define NOISE_ERROR_INVALID_FORMAT 16
#define NOISE_ERROR_INVALID_SIGNATURE 17

/* What a handshake state expects next (noise_handshakestate_get_action). */
#define NOISE_ACTION_NONE 0
#define NOISE_ACTION_WRITE_MESSAGE 1
#define NOISE_ACTION_READ_MESSAGE 2
#define NOISE_ACTION_FAILED 3
#define NOISE_ACTION_SPLIT 4
#define NOISE_ACTION_COMPLETE 5

#define NOISE_ROLE_INITIATOR 1
#define NOISE_ROLE_RESPONDER 2

/* Protocol name parts (spec section 8); 0 means "none". Only the ones of
 * Noise_NNpsk0_25519_ChaChaPoly_SHA256 exist here. */
#define NOISE_PREFIX_STANDARD 1
#define NOISE_PATTERN_NN 1
#define NOISE_DH_NONE 0
#define NOISE_DH_CURVE25519 1
#define NOISE_CIPHER_CHACHAPOLY 1
#define NOISE_HASH_SHA256 1
#define NOISE_MODIFIER_NONE 0
#define NOISE_MODIFIER_PSK0 1
#define NOISE_MAX_MODIFIER_IDS 4

#define NOISE_MAX_PAYLOAD_LEN 65535
#define NOISE_MAX_PROTOCOL_NAME 128

typedef struct NoiseProtocolId_s {
    int prefix_id;
    int pattern_id;
    int dh_id;
    int cipher_id;
    int hash_id;
    int hybrid_id;
    int modifier_ids[NOISE_MAX_MODIFIER_IDS];
} NoiseProtocolId;

/* A byte buffer the caller owns: size bytes used of max_size. */
typedef struct NoiseBuffer_s {
    uint8_t *data;
    size_t size;
    size_t max_size;
} NoiseBuffer;

#define noise_buffer_init(buffer) ((buffer).data = 0, (buffer).size = 0, (buffer).max_size = 0)
#define noise_buffer_set_output(buffer, ptr, len) \
    ((buffer).data = (ptr), (buffer).size = 0, (buffer).max_size = (len))
#define noise_buffer_set_input(buffer, ptr, len) \
    ((buffer).data = (ptr), (buffer).size = (buffer).max_size = (len))
#define noise_buffer_set_inout(buffer, ptr, len, max) \
    ((buffer).data = (ptr), (buffer).size = (len), (buffer).max_size = (max))

typedef struct NoiseCipherState_s NoiseCipherState;
typedef struct NoiseHandshakeState_s NoiseHandshakeState;

/* Supplied by the embedder: fills output with len cryptographically random bytes. */
void noise_rand_bytes(void *output, size_t len);

/* Prepares libsodium; the constructors call it too. */
int noise_init(void);

/* Only "Noise_NNpsk0_25519_ChaChaPoly_SHA256" is known (else NOISE_ERROR_UNKNOWN_NAME). */
int noise_protocol_name_to_id(NoiseProtocolId *id, const char *name, size_t name_len);

int noise_handshakestate_new_by_id(NoiseHandshakeState **state, const NoiseProtocolId *protocol_id, int role);
int noise_handshakestate_new_by_name(NoiseHandshakeState **state, const char *protocol_name, int role);
int noise_handshakestate_free(NoiseHandshakeState *state);
int noise_handshakestate_get_role(const NoiseHandshakeState *state);
int noise_handshakestate_set_prologue(NoiseHandshakeState *state, const void *prologue, size_t size);
int noise_handshakestate_needs_pre_shared_key(const NoiseHandshakeState *state);
int noise_handshakestate_has_pre_shared_key(const NoiseHandshakeState *state);
int noise_handshakestate_set_pre_shared_key(NoiseHandshakeState *state, const uint8_t *key, size_t key_len);
int noise_handshakestate_needs_local_keypair(const NoiseHandshakeState *state);
int noise_handshakestate_needs_remote_public_key(const NoiseHandshakeState *state);
int noise_handshakestate_start(NoiseHandshakeState *state);
int noise_handshakestate_get_action(const NoiseHandshakeState *state);
/* payload may be NULL (an empty payload). */
int noise_handshakestate_write_message(NoiseHandshakeState *state, NoiseBuffer *message, const NoiseBuffer *payload);
/* The message is decrypted in place; payload (NULL: discarded) receives the plaintext. */
int noise_handshakestate_read_message(NoiseHandshakeState *state, NoiseBuffer *message, NoiseBuffer *payload);
/* The transport ciphers; either pointer may be NULL when that direction is not wanted. */
int noise_handshakestate_split(NoiseHandshakeState *state, NoiseCipherState **send, NoiseCipherState **receive);
/* The handshake hash h (spec section 11.2), for channel binding and tests. */
int noise_handshakestate_get_handshake_hash(const NoiseHandshakeState *state, uint8_t *hash, size_t max_len);

/* In place: encrypt appends the MAC (max_size must leave room for it), decrypt removes it. */
int noise_cipherstate_encrypt_with_ad(NoiseCipherState *state, const uint8_t *ad, size_t ad_len, NoiseBuffer *buffer);
int noise_cipherstate_decrypt_with_ad(NoiseCipherState *state, const uint8_t *ad, size_t ad_len, NoiseBuffer *buffer);
int noise_cipherstate_encrypt(NoiseCipherState *state, NoiseBuffer *buffer);
int noise_cipherstate_decrypt(NoiseCipherState *state, NoiseBuffer *buffer);
int noise_cipherstate_has_key(const NoiseCipherState *state);
size_t noise_cipherstate_get_mac_length(const NoiseCipherState *state);
int noise_cipherstate_set_nonce(NoiseCipherState *state, uint64_t nonce);
int noise_cipherstate_free(NoiseCipherState *state);

#ifdef __cplusplus
}
#endif

#endif /* SERVICE_HALL_NOISE_PROTOCOL_H */
