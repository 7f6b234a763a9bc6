/*
 * fact_list.c - the growable list of facts that pattern_matcher_run fills.
 */
#include "patterns.h"

#include <stdlib.h>

void fact_list_init(fact_list_t *list)
{
    list->items = NULL;
    list->count = 0;
    list->capacity = 0;
}

void fact_list_clear(fact_list_t *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].subject);
        free(list->items[i].value);
        free(list->items[i].unit);
    }
    list->count = 0;
}

void fact_list_free(fact_list_t *list)
{
    fact_list_clear(list);
    free(list->items);
    fact_list_init(list);
}
