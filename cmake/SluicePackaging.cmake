# cpack -G DEB: two packages. sluice-agent (the agent, sluice-receiver, the systemd unit, the system
# user, a default configuration, the docs) and sluice-console (the desktop console with its .desktop
# file and icon, installed by console/CMakeLists.txt, and its docs).
include(GNUInstallDirs)
set(SLUICE_INSTALLER ${PROJECT_SOURCE_DIR}/installer/linux)

install(FILES ${SLUICE_INSTALLER}/sluice-agent.service DESTINATION lib/systemd/system COMPONENT agent)
install(FILES ${SLUICE_INSTALLER}/sluice.sysusers DESTINATION lib/sysusers.d RENAME sluice.conf COMPONENT agent)
install(FILES ${SLUICE_INSTALLER}/sluice.tmpfiles DESTINATION lib/tmpfiles.d RENAME sluice.conf COMPONENT agent)
install(FILES ${SLUICE_INSTALLER}/sluice.json DESTINATION /etc/sluice
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ COMPONENT agent)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/configuration.md
              ${PROJECT_SOURCE_DIR}/docs/operations.md ${PROJECT_SOURCE_DIR}/docs/delivery.md
              ${PROJECT_SOURCE_DIR}/docs/register.md ${PROJECT_SOURCE_DIR}/docs/protocol.md
        DESTINATION share/doc/sluice-agent COMPONENT agent)

install(FILES ${PROJECT_SOURCE_DIR}/docs/console.md ${PROJECT_SOURCE_DIR}/docs/protocol.md
        DESTINATION share/doc/sluice-console COMPONENT console)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sluice)
set(CPACK_PACKAGE_VENDOR "Sluice")
set(CPACK_PACKAGE_CONTACT "Sluice maintainers <sluice@localhost>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL agent console)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_AGENT_PACKAGE_NAME sluice-agent)
set(CPACK_DEBIAN_AGENT_DESCRIPTION "Sluice event gateway agent
 Consumes an organisation's internal Kafka, keeps a register of event types with their
 JSON Schemas, and delivers the selected events to outside consumers as signed CloudEvents
 over HTTP, with retries, dead letters and a durable queue. Runs as the systemd service
 sluice-agent (enabled, not started: edit /etc/sluice/sluice.json first).")
# systemd-sysusers and systemd-tmpfiles run in postinst. Qt's SQL drivers are plugins, which
# dpkg-shlibdeps cannot see: SQLite for the embedded store; PostgreSQL's for a shared store.
set(CPACK_DEBIAN_AGENT_PACKAGE_DEPENDS "systemd, libqt6sql6-sqlite")
set(CPACK_DEBIAN_AGENT_PACKAGE_RECOMMENDS "libqt6sql6-psql")
set(CPACK_DEBIAN_AGENT_PACKAGE_CONTROL_EXTRA
    ${SLUICE_INSTALLER}/debian/postinst ${SLUICE_INSTALLER}/debian/prerm ${SLUICE_INSTALLER}/debian/postrm
    ${SLUICE_INSTALLER}/debian/conffiles)
set(CPACK_DEBIAN_CONSOLE_PACKAGE_NAME sluice-console)
set(CPACK_DEBIAN_CONSOLE_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_CONSOLE_DESCRIPTION "Sluice Console, the desktop console of a Sluice agent
 Governs a Sluice agent over its admin API: the event register, subscriptions (with test and
 dry-run), live events, failures and quarantine, and an overview of throughput, queue and lag.
 In Dutch and English. Tokens are kept in the desktop's keychain.")
# The SVG icon needs Qt's SVG plugins; Qt's own Dutch texts (dialog buttons) come with its
# translations; a Secret Service keeps the tokens.
set(CPACK_DEBIAN_CONSOLE_PACKAGE_RECOMMENDS "libqt6svg6, qt6-translations-l10n, gnome-keyring | kwalletmanager")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
