# Sources of core/models.
target_sources(taxoscope_core PRIVATE
  models/head_config.cpp
  models/heads.cpp
  models/tflite_reader.cpp
  models/tflite_net.cpp
  models/backbone.cpp
  models/backbone_preprocess.cpp
  models/backbone_net.cpp
  models/scratch_cnn.cpp
  models/torchscript_backbone.cpp
)
# SHA-256 of model files: OpenSSL's libcrypto rather than a hand-written digest.
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
target_link_libraries(taxoscope_core PRIVATE OpenSSL::Crypto)
