/* demo_document.h: the demo region's controlled documents
 * (demo_document.c), called by ska demo after the rest of the demo. */
#ifndef SKA_DEMO_DOCUMENT_H
#define SKA_DEMO_DOCUMENT_H

#include "arena.h"
#include "store/store_document.h"

/* demo_documents creates the documents with their versions, process links
 * and a few read acknowledgements, inside the caller's transaction. */
enum err demo_documents(struct store *st, struct arena *a);

#endif
