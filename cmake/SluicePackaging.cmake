# cpack -G DEB: the sluice-agent package (the agent, sluice-receiver, the systemd unit, the system
# user, a default configuration, the docs). The console gets its package with the console.
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

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sluice)
set(CPACK_PACKAGE_VENDOR "Sluice")
set(CPACK_PACKAGE_CONTACT "Sluice maintainers <sluice@localhost>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL agent)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_AGENT_PACKAGE_NAME sluice-agent)
set(CPACK_DEBIAN_AGENT_DESCRIPTION "Sluice event gateway agent
 Consumes an organisation's internal Kafka, keeps a register of event types with their
 JSON Schemas, and delivers the selected events to outside consumers as signed CloudEvents
 over HTTP, with retries, dead letters and a durable queue. Runs as the systemd service
 sluice-agent (enabled, not started: edit /etc/sluice/sluice.json first).")
# systemd-sysusers and systemd-tmpfiles run in postinst.
set(CPACK_DEBIAN_AGENT_PACKAGE_DEPENDS "systemd")
set(CPACK_DEBIAN_AGENT_PACKAGE_CONTROL_EXTRA
    ${SLUICE_INSTALLER}/debian/postinst ${SLUICE_INSTALLER}/debian/prerm ${SLUICE_INSTALLER}/debian/postrm
    ${SLUICE_INSTALLER}/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
