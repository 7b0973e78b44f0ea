# One INTERFACE target carries the settings every Sluice target shares.
add_library(sluice_common INTERFACE)
target_compile_features(sluice_common INTERFACE cxx_std_20)
target_compile_options(sluice_common INTERFACE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
target_compile_definitions(sluice_common INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_URL_CAST_FROM_STRING
    SLUICE_VERSION="${PROJECT_VERSION}")
