#pragma once
// Writes the project's current labels back to a metadata.csv of the BioCLIP rare-species layout.
//
// Columns: rare_species_id, eol_content_id, eol_page_id, kingdom, phylum, family, file_path (always, in this order),
// then class, order, genus, species, scientific_name, common_name when any exported row has a value for them,
// then the source's uninterpreted columns kept in Specimen::extra (sorted by name), then `excluded` when asked for.
//
// Labels back to ranks: the taxonomy columns hold what the source said; the label is the current truth.
// A specimen whose label still equals the label of its own taxonomy is written unchanged. Otherwise the label's
// ranks (LabelRank stored in the project, phylum_family by default) are rewritten:
//  1. if another specimen's source taxonomy produces that label (a relabel to an existing class), its values for
//     those ranks are copied, so spelling and any '_' inside a rank come out exactly as the source had them;
//  2. else the label is split at '_': one token per rank for all but the narrowest, which takes the rest
//     ("chordata_new_idae" -> phylum chordata, family new_idae);
//  3. a label with fewer parts than ranks cannot be mapped back: the export fails naming specimen and label,
//     rather than writing a file that silently disagrees with the project.
// An empty label (unlabelled) empties the label's rank columns. Ranks outside the label (kingdom, file_path...) keep
// the source's values.
// Excluded specimens are left out by default: the file describes the data set Taxoscope trains on.
// With includeExcluded they are kept, and an `excluded` column (1/0) marks them.
#include <string>

#include "core/common/result.h"
#include "core/store/project_store.h"

namespace taxo {

struct LabelExportOptions {
    bool includeExcluded = false;
};

// Writes atomically (temporary file, then rename). Returns the number of rows written.
Result<std::int64_t> exportLabels(const ProjectStore& store, const std::string& csvPath, const LabelExportOptions& options = {});

}  // namespace taxo
