#pragma once
// A Specimen is one photo with its taxonomy and its current label; the unit everything else counts.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace taxo {

// Taxonomic ranks a metadata file may carry, from broadest to narrowest.
// Values are kept lower-case as in the BioCLIP metadata (e.g. "chordata", "ardeidae").
struct Taxonomy {
    std::string kingdom, phylum, klass, order, family, genus, species;
    std::string scientificName, commonName;

    // Value of a rank by its user-facing name ("kingdom", "phylum", "class", "order", "family",
    // "genus", "species", "scientific_name", "common_name"); empty when unknown or not a rank.
    std::string rank(const std::string& name) const;
    bool setRank(const std::string& name, std::string value);
    static const std::vector<std::string>& rankNames();
};

// Which part of a split a specimen belongs to.
enum class Part : int { Unassigned = 0, Train = 1, Val = 2, Test = 3 };
const char* partName(Part part);       // "train", "val", "test", "unassigned"
Part partFromName(const std::string& name);

struct Specimen {
    std::int64_t id = 0;             // row id in the project store; 0 until stored
    std::string sourceId;            // rare_species_id or another stable id from the source
    std::string eolContentId, eolPageId;
    std::string filePath;            // as written in the source (relative to the data root), used for export
    std::string absolutePath;        // resolved path used to read the photo
    std::string contentHash;         // XXH3-128 hex of the file bytes; empty when the file is missing
    Taxonomy taxonomy;
    std::string label;               // current class label (default rank: phylum_family)
    bool excluded = false;           // excluded from training and evaluation, kept in the project
    std::map<std::string, std::string> extra;  // source columns Taxoscope does not interpret, kept for export
};

// A label is built from one or more ranks joined by '_': "phylum_family" -> "chordata_ardeidae".
struct LabelRank {
    std::vector<std::string> ranks{"phylum", "family"};
    static bool parse(const std::string& spec, LabelRank& out, std::string* error = nullptr);
    std::string spec() const;                       // "phylum_family"
    std::string labelFor(const Taxonomy& t) const;  // empty when any rank is missing
};

}  // namespace taxo
