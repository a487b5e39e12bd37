#pragma once
// Import of a metadata CSV in the BioCLIP rare-species layout
//   rare_species_id, eol_content_id, eol_page_id, kingdom, phylum, family, file_path
// or a richer one with class, order, genus, species, scientific_name, common_name.
//
// Columns are found by header name, ignoring case, surrounding spaces, and the spelling style: "scientificName",
// "Scientific Name" and "scientific-name" all mean scientific_name. Accepted aliases (Darwin Core and common tools):
//   file_path        <- filepath, path, file, filename, file_name, image, image_path
//   rare_species_id  <- id, specimen_id
//   scientific_name  <- sci_name
//   common_name      <- vernacular_name (Darwin Core vernacularName)
//   species          <- specific_epithet (Darwin Core specificEpithet)
// Columns Taxoscope does not interpret are kept in Specimen::extra under their header name, for export.
// Taxonomy values are kept as written (trimmed), so labels match the source's spelling.
//
// Per row, in this order: a record the CSV reader rejected or an empty file_path -> BadRow; an empty rank the
// label needs -> EmptyLabel; an id seen on an earlier row -> DuplicateId; no such file -> MissingFile;
// an unreadable file (or one the verifier rejects) -> UnreadableImage. All of these are skipped; one bad row never
// aborts an import. Byte-identical photos are kept and reported (DuplicateContent).
#include <string>

#include "core/common/job.h"
#include "core/data/import_common.h"

namespace taxo {

struct MetadataImportParams {
    std::string csvPath;
    std::string dataRoot;          // file_path values are relative to it; empty: the CSV's folder. Absolute paths are used as is.
    LabelRank labelRank;           // default phylum_family
    std::size_t minClassSize = 3;  // classes with fewer imported specimens get a SmallClass warning
    ImageVerifier verifyImage;     // optional; see import_common.h
    int threads = 0;               // hashing threads; <= 0: hardware concurrency
    ProgressFn progress;           // optional; called on the calling thread
    JobControl* control = nullptr; // optional, not owned; cancel -> Error Cancelled, nothing imported
};

// Fails (with a message naming the file and the column) only when the CSV cannot be read, lacks file_path or a
// rank the label needs, or when cancelled.
Result<ImportResult> importMetadataCsv(const MetadataImportParams& params);

// The canonical column name a header means ("scientificName" -> "scientific_name", "Path" -> "file_path"),
// or the header lower-cased in snake_case when it is not one Taxoscope interprets.
std::string canonicalMetadataColumn(const std::string& header);

}  // namespace taxo
