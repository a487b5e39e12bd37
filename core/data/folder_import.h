#pragma once
// Import of a folder tree with one subfolder per class (the Keras image_dataset_from_directory /
// torchvision ImageFolder layout):
//   root/chordata_ardeidae/a.jpg, root/chordata_ardeidae/more/b.jpg, root/mollusca_unionidae/c.png, root/d.jpg
// The label is the name of the top-level subfolder; photos in deeper folders belong to it (as in both libraries).
// A folder name "<phylum>_<family>" (split at the first '_') fills taxonomy.phylum and .family; any other name
// fills taxonomy.family. Photos directly in the root, or every photo when `unlabelled` is set, get an empty label:
// they are imported as unlabelled specimens, not skipped.
// Photos: .jpg .jpeg .png .bmp .webp .tif .tiff, any case. Hidden files and folders (".name") are ignored.
// Folder symlinks are followed, but a folder already visited (by its canonical path) is not entered again.
// Entries that cannot be read become issues; the walk goes on. Specimens come in sorted path order.
// Specimen::filePath is the path relative to root ('/' separators), sourceId the same path.
#include <string>

#include "core/common/job.h"
#include "core/data/import_common.h"

namespace taxo {

struct FolderImportParams {
    std::string root;
    bool unlabelled = false;       // true: a folder of unlabelled photos; subfolder names are not labels
    std::size_t minClassSize = 3;  // classes with fewer imported specimens get a SmallClass warning
    ImageVerifier verifyImage;     // optional; see import_common.h
    int threads = 0;               // hashing threads; <= 0: hardware concurrency
    ProgressFn progress;           // optional; called on the calling thread
    JobControl* control = nullptr; // optional, not owned; cancel -> Error Cancelled
};

// Fails only when root is not a readable folder, or when cancelled.
Result<ImportResult> importFolder(const FolderImportParams& params);

bool isPhotoFileName(const std::string& name);  // by extension, case-insensitive

}  // namespace taxo
