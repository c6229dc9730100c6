/* audit.h: the audit log's hash chain. Each entry's hash is SHA-256 over a
 * length-prefixed serialisation of its fields and the previous entry's hash,
 * so changing, inserting or removing any entry breaks the chain. */
#ifndef SKA_AUDIT_H
#define SKA_AUDIT_H

#include <stdint.h>

#define AUDIT_HASH_HEX 65 /* 64 hex digits + NUL */
#define AUDIT_GENESIS                                                          \
    "0000000000000000000000000000000000000000000000000000000000000000"

struct audit_entry {
    int64_t id, at;
    int64_t actor_id; /* 0 = none (command line, system) */
    const char *actor, *action, *entity;
    int64_t entity_id;          /* 0 = none */
    const char *before, *after; /* JSON or NULL */
    const char *prev_hash;
};

/* audit_hash writes the entry's hash as lowercase hex into out. */
void audit_hash(const struct audit_entry *e, char out[AUDIT_HASH_HEX]);

#endif
