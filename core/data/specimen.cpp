#include "core/data/specimen.h"

#include <algorithm>

namespace taxo {

const std::vector<std::string>& Taxonomy::rankNames() {
    static const std::vector<std::string> names{"kingdom", "phylum", "class", "order", "family",
                                                "genus", "species", "scientific_name", "common_name"};
    return names;
}

namespace {
template <class T>
auto rankMember(T& t, const std::string& name) -> decltype(&t.kingdom) {
    if (name == "kingdom") return &t.kingdom;
    if (name == "phylum") return &t.phylum;
    if (name == "class") return &t.klass;
    if (name == "order") return &t.order;
    if (name == "family") return &t.family;
    if (name == "genus") return &t.genus;
    if (name == "species") return &t.species;
    if (name == "scientific_name") return &t.scientificName;
    if (name == "common_name") return &t.commonName;
    return nullptr;
}
}  // namespace

std::string Taxonomy::rank(const std::string& name) const {
    const std::string* member = rankMember(*this, name);
    return member ? *member : std::string();
}

bool Taxonomy::setRank(const std::string& name, std::string value) {
    std::string* member = rankMember(*this, name);
    if (!member) return false;
    *member = std::move(value);
    return true;
}

const char* partName(Part part) {
    switch (part) {
    case Part::Train: return "train";
    case Part::Val: return "val";
    case Part::Test: return "test";
    case Part::Unassigned: break;
    }
    return "unassigned";
}

Part partFromName(const std::string& name) {
    if (name == "train") return Part::Train;
    if (name == "val") return Part::Val;
    if (name == "test") return Part::Test;
    return Part::Unassigned;
}

bool LabelRank::parse(const std::string& spec, LabelRank& out, std::string* error) {
    std::vector<std::string> ranks;
    const auto& known = Taxonomy::rankNames();
    std::string rest = spec;
    // Ranks themselves contain '_' (scientific_name), so match known names greedily from the left.
    while (!rest.empty()) {
        std::string best;
        for (const auto& name : known)
            if (rest.compare(0, name.size(), name) == 0 && (rest.size() == name.size() || rest[name.size()] == '_') &&
                name.size() > best.size())
                best = name;
        if (best.empty()) {
            if (error) *error = "unknown taxonomic rank in \"" + spec + "\" (known: kingdom, phylum, class, order, family, genus, species, scientific_name, common_name)";
            return false;
        }
        ranks.push_back(best);
        rest.erase(0, std::min(rest.size(), best.size() + 1));
    }
    if (ranks.empty()) {
        if (error) *error = "empty label rank";
        return false;
    }
    out.ranks = std::move(ranks);
    return true;
}

std::string LabelRank::spec() const {
    std::string s;
    for (const auto& r : ranks) s += (s.empty() ? "" : "_") + r;
    return s;
}

std::string LabelRank::labelFor(const Taxonomy& t) const {
    std::string label;
    for (const auto& r : ranks) {
        const std::string v = t.rank(r);
        if (v.empty()) return {};
        label += (label.empty() ? "" : "_") + v;
    }
    return label;
}

}  // namespace taxo
