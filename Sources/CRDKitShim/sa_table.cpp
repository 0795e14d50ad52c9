// The SA-score fragment table: parsed here (always optimised) because it has ~700k ids.
#include "antipode_rdkit.h"
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>

struct ap_score_table {
    std::unordered_map<uint32_t, double> scores;
};

static void fail(char **message, const std::string &text) {
    if (!message) return;
    *message = static_cast<char *>(std::malloc(text.size() + 1));
    if (*message) std::memcpy(*message, text.c_str(), text.size() + 1);
}

extern "C" ap_score_table *ap_score_table_load(const char *path, char **message) {
    if (message) *message = nullptr;
    try {
        FILE *f = std::fopen(path, "rb");
        if (!f) {
            fail(message, std::string("cannot open ") + path + ": " + std::strerror(errno));
            return nullptr;
        }
        std::string text;
        char buf[1 << 16];
        size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
        std::fclose(f);

        auto *table = new ap_score_table;
        table->scores.reserve(800000);
        size_t line = 0, pos = 0;
        while (pos < text.size()) {
            size_t end = text.find('\n', pos);
            if (end == std::string::npos) end = text.size();
            line++;
            if (end > pos && text[pos] != '#') {
                const char *p = text.c_str() + pos;
                const char *stop = text.c_str() + end;
                char *after = nullptr;
                double score = std::strtod(p, &after);
                if (after == p || after >= stop || *after != '\t') {
                    delete table;
                    fail(message, std::string(path) + ":" + std::to_string(line) + ": expected score<TAB>ids");
                    return nullptr;
                }
                p = after + 1;
                while (p < stop) {
                    while (p < stop && *p == ' ') p++;
                    if (p >= stop || *p == '\r') break;
                    unsigned long id = std::strtoul(p, &after, 10);
                    if (after == p) {
                        delete table;
                        fail(message, std::string(path) + ":" + std::to_string(line) + ": bad fragment id");
                        return nullptr;
                    }
                    table->scores[static_cast<uint32_t>(id)] = score;
                    p = after;
                }
            }
            pos = end + 1;
        }
        return table;
    } catch (...) {
        fail(message, std::string("cannot read ") + path);
        return nullptr;
    }
}

extern "C" void ap_score_table_free(ap_score_table *table) { delete table; }

extern "C" double ap_score_table_lookup(const ap_score_table *table, uint32_t id, double fallback) {
    if (!table) return fallback;
    auto it = table->scores.find(id);
    return it == table->scores.end() ? fallback : it->second;
}

extern "C" size_t ap_score_table_count(const ap_score_table *table) {
    return table ? table->scores.size() : 0;
}
