/* taxonomy.h: the default event-type taxonomy of deviation management
 * (domain.md section 4): main categories and their subcategories, with
 * the försäkringsmedicin ones of seed 002 under "Intyg/sjukskrivning".
 * Codes are ASCII and stable (main "LM", sub "LM-ADM"); names are Swedish.
 * The store copies the table into a provider's configurable case_category
 * rows (store_case_categories_seed); after that the provider owns them. */
#ifndef SKA_TAXONOMY_H
#define SKA_TAXONOMY_H

#include <stddef.h>

struct taxonomy_entry {
    const char *code, *name;
    const char *parent; /* the main category's code; NULL for a main one */
};

/* taxonomy_default lends the default table: every main category comes
 * before its subcategories. */
const struct taxonomy_entry *taxonomy_default(size_t *n);
/* taxonomy_find is the entry with that code, or NULL. */
const struct taxonomy_entry *taxonomy_find(const char *code);

#endif
