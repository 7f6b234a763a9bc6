/*
 * checks.c - consistency findings for checks.csv.
 *
 * A clause that states amounts and a rate derived from them can be checked
 * against itself:
 *   completion_rate  = actual / budget (or budget_adjusted) x 100
 *   change_rate      = change / (figure - change) x 100
 *   variance_rate    = variance / (figure - variance) x 100
 * A stated rate outside what the amounts allow, given the rounding of every
 * number to the precision it is printed with, is an `error`.  A completion
 * rate that fails against the budget stated with it but fits another
 * budget figure of the same clause is only a `warning` (documents sometimes
 * divide by the full-year budget while naming the initial one).
 */
#include "corpus.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    double value;
    double half_unit; /* half of the last printed digit: the rounding */
} stated_number_t;

static stated_number_t read_number(const char *text)
{
    stated_number_t number = {strtod(text, NULL), 0.5};
    const char *point = strchr(text, '.');
    if (point) {
        size_t decimals = strlen(point + 1);
        number.half_unit = 0.5 * pow(10.0, -(double)decimals);
    }
    return number;
}

/* The interval of numerator / denominator x 100 given both roundings. */
static void ratio_interval(stated_number_t numerator, stated_number_t denominator, double *low,
                           double *high)
{
    double n_low = numerator.value - numerator.half_unit;
    double n_high = numerator.value + numerator.half_unit;
    double d_low = denominator.value - denominator.half_unit;
    double d_high = denominator.value + denominator.half_unit;
    double candidates[4] = {n_low / d_low, n_low / d_high, n_high / d_low, n_high / d_high};
    *low = *high = candidates[0];
    for (int i = 1; i < 4; i++) {
        if (candidates[i] < *low)
            *low = candidates[i];
        if (candidates[i] > *high)
            *high = candidates[i];
    }
    *low *= 100.0;
    *high *= 100.0;
}

static bool rate_fits(stated_number_t rate, stated_number_t numerator, stated_number_t denominator)
{
    if (denominator.value - denominator.half_unit <= 0)
        return true; /* no meaningful ratio: nothing to check */
    double low, high;
    ratio_interval(numerator, denominator, &low, &high);
    /* Allow the rate's own rounding, plus a hair for binary fractions. */
    double slack = rate.half_unit + 1e-9;
    return rate.value >= low - slack && rate.value <= high + slack;
}

static const document_fact_t *find_in_clause(const document_result_t *result,
                                             const document_fact_t *anchor, const char *measure)
{
    for (size_t i = 0; i < result->fact_count; i++) {
        const document_fact_t *fact = &result->facts[i];
        if (fact->fact.evidence_start == anchor->fact.evidence_start &&
            strcmp(fact->fact.subject, anchor->fact.subject) == 0 &&
            strcmp(fact->fact.measure, measure) == 0 && strcmp(fact->fact.unit, "%") != 0)
            return fact;
    }
    return NULL;
}

static int add_check(document_result_t *result, const document_fact_t *rate, const char *check,
                     const char *severity, double expected, const char *message)
{
    document_check_t *checks = realloc(result->checks, (result->check_count + 1) * sizeof *checks);
    if (!checks)
        return -1;
    result->checks = checks;
    document_check_t *out = &checks[result->check_count];
    char expected_text[64];
    snprintf(expected_text, sizeof expected_text, "%.2f", expected);
    out->page = rate->page;
    out->check = check;
    out->severity = severity;
    out->subject = strdup(rate->fact.subject);
    out->stated = strdup(rate->fact.value);
    out->expected = strdup(expected_text);
    out->message = strdup(message);
    out->evidence = strdup(rate->evidence);
    result->check_count++;
    if (!out->subject || !out->stated || !out->expected || !out->message || !out->evidence)
        return -1;
    return 0;
}

static int check_completion_rate(document_result_t *result, const document_fact_t *rate)
{
    const document_fact_t *actual = find_in_clause(result, rate, "actual");
    const document_fact_t *budget = find_in_clause(result, rate, "budget");
    const document_fact_t *adjusted = find_in_clause(result, rate, "budget_adjusted");
    const document_fact_t *base = budget ? budget : adjusted;
    if (!actual || !base || strcmp(actual->fact.unit, base->fact.unit) != 0)
        return 0;
    stated_number_t stated = read_number(rate->fact.value);
    stated_number_t numerator = read_number(actual->fact.value);
    if (rate_fits(stated, numerator, read_number(base->fact.value)))
        return 0;
    double expected = 100.0 * numerator.value / read_number(base->fact.value).value;
    const document_fact_t *other = base == budget ? adjusted : NULL;
    if (other && rate_fits(stated, numerator, read_number(other->fact.value)))
        return add_check(result, rate, "completion_rate", "warning", expected,
                         "the stated completion rate fits the other budget figure of the "
                         "clause, not the one it names");
    return add_check(result, rate, "completion_rate", "error", expected,
                     "the stated completion rate does not match actual / budget");
}

static int check_change_rate(document_result_t *result, const document_fact_t *rate,
                             const char *difference_measure, const char *check)
{
    const document_fact_t *difference = find_in_clause(result, rate, difference_measure);
    if (!difference)
        return 0;
    /* The figure the difference is taken from: the report-year amount. */
    const document_fact_t *figure = find_in_clause(result, rate, "actual");
    if (!figure)
        figure = find_in_clause(result, rate, "budget");
    if (!figure || strcmp(figure->fact.unit, difference->fact.unit) != 0)
        return 0;
    stated_number_t change = read_number(difference->fact.value);
    stated_number_t current = read_number(figure->fact.value);
    stated_number_t previous = {current.value - change.value, current.half_unit + change.half_unit};
    if (rate_fits(read_number(rate->fact.value), change, previous))
        return 0;
    double expected = previous.value != 0 ? 100.0 * change.value / previous.value : 0;
    return add_check(result, rate, check, "error", expected,
                     "the stated rate does not match the change and the amount it is stated with");
}

int document_check_facts(document_result_t *result)
{
    for (size_t i = 0; i < result->fact_count; i++) {
        const document_fact_t *fact = &result->facts[i];
        if (strcmp(fact->fact.unit, "%") != 0)
            continue;
        int status = 0;
        if (strcmp(fact->fact.measure, "completion_rate") == 0)
            status = check_completion_rate(result, fact);
        else if (strcmp(fact->fact.measure, "change_rate") == 0)
            status = check_change_rate(result, fact, "change", "change_rate");
        else if (strcmp(fact->fact.measure, "variance_rate") == 0)
            status = check_change_rate(result, fact, "variance", "variance_rate");
        if (status != 0)
            return -1;
    }
    return 0;
}
