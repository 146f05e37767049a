package dev.ferry.sandbox.forward;

import java.util.Set;

/** Request schemas from forward-openapi-26.6.json (components.schemas). */
final class ForwardSchemas {
  private ForwardSchemas() {}

  static final Set<String> CLASSIC_DEVICE_TYPES =
      Set.of(
          ("aruba_controller_ssh,aruba_switch_ssh,aruba_aos_cx_ssh,"
                  + "128t_conductor_full,128t_router,128t_conductor,a10_acos_ssh,arista_eos_ssh,avi_controller_ssh,"
                  + "avi_controller_ssh_cli_user,avi_controller_ssh_via_host,avi_controller_https_api,avi_controller_http_api,"
                  + "bluecoat_ssh,cisco_ios_ssh,cisco_ios_telnet,cisco_ios_xe_ssh,cisco_ios_xe_telnet,cisco_ios_xr_ssh,"
                  + "cisco_nxos_ssh,cisco_nxos_telnet,cisco_asa_ssh,cisco_asa_telnet,cisco_asa_admin_ssh,cisco_asa_child_ssh,"
                  + "cisco_ftd_ssh,cisco_fxos_ssh,cisco_firewalls_on_firepower_ssh,cisco_fmc_api,cisco_nxos_aci_ssh,"
                  + "cisco_ndo_api,cisco_apic_api,cisco_apic_only_ssh,cisco_sg_ssh,juniper_junos_ssh,juniper_srx_ssh,"
                  + "juniper_netscreen_ssh,pica8_ovs_ofctl_ssh,linux_ovs_ofctl_ssh,f5_ssh,f5_os_hypervisor_ssh,checkpoint_ssh,"
                  + "checkpoint_ssh_nonexpert,checkpoint_ssh_with_manager,checkpoint_mgmt_api,fortinet_ssh,hp_comware_ssh,"
                  + "hp_comware_telnet,hp_provision_ssh,huawei_switch_ssh,panos_ssh,viasat_encryptor_snmp3,netscaler_ssh,"
                  + "cumulus_ssh,riverbed_steelhead_ssh,riverbed_interceptor_ssh,cisco_ucs_ssh,avaya_sr_ssh,avaya_sr_telnet,"
                  + "avaya_ers_ssh,avaya_ers_telnet,silver_peak_edgeconnect_ssh,silver_peak_orchestrator_api,prisma_sdwan_ssh,"
                  + "prisma_sdwan_api,prisma_sdwan_unified_api,pensando_api,forcepoint_https_api,forcepoint_http_api,"
                  + "forcepoint_ssh,cisco_sdwan_ssh,cisco_sdwan_vsmart_ssh,bluecat_http,bluecat_https,bluecat_v2_http,"
                  + "bluecat_v2_https,nokia_ssh,brocade_switch_ssh,versa_flexvnf_ssh,versa_switch_ssh,versa_director_api,"
                  + "cisco_encs_nfv_ssh,extreme_switch_ssh,mist_dashboard_api,dell_os6_switch_ssh,dell_os6_switch_telnet,"
                  + "dell_os9_switch_ssh,dell_os9_switch_telnet,dell_os10_switch_ssh,dell_os10_switch_telnet,"
                  + "sonic_dell_enterprise_ssh,gem1_api,taclane_encryptor_snmp,sonic_edge_core_ssh")
              .split(","));

  static final Set<String> CLI_CREDENTIAL_TYPES =
      Set.of("LOGIN", "PRIVILEGED_MODE", "EXPERT_MODE", "SHELL");

  private static Schema deviceFields(Schema s) {
    return s.str("name")
        .enumeration("type", "ClassicDeviceType", CLASSIC_DEVICE_TYPES)
        .str("host")
        .integer("port", 1, 65535)
        .str(
            "cliCredentialId",
            "cliCredential2Id",
            "cliCredential3Id",
            "httpCredentialId",
            "snmpCredentialId",
            "jumpServerId")
        .bool("disableIpv6Collection", "fullCollectionLog")
        .enumeration(
            "paginationMode",
            "PaginationMode",
            Set.of("KEEP_UNCHANGED", "DISABLE_PAGINATION", "ENABLE_PAGINATION"))
        .integer("terminalWidth", 80, 500)
        .bool("largeRtt")
        .integer("minBytesReadPerSec", "maxConnectionsPerMin")
        .bool("useFileTransferForLargeOutput")
        .str("bmpStationHost")
        .enumeration(
            "bgpAndBmpFailureHandling",
            "String",
            Set.of(
                "FAIL_DEVICE",
                "SWITCH_TO_CLI",
                "ALWAYS_USE_CLI",
                "ALWAYS_USE_BMP",
                "CONTINUE_WITHOUT_BGP_DATA"))
        .bool("collectBgpAdvertisements")
        .enumeration("bgpTableType", "String", Set.of("BOTH", "ADJ_RIB_IN", "ADJ_RIB_OUT"))
        .enumeration("bgpPeerType", "String", Set.of("BOTH", "EBGP", "IBGP"))
        .strings("bgpSubnetsToCollect")
        .str("prompt", "promptResponse")
        .bool("collect")
        .str("note")
        .bool("enableSnmpCollection")
        .num(
            "highCpuUsage",
            "highMemoryUsage",
            "highInputUtilization",
            "highOutputUtilization",
            "mediumCpuUsage",
            "mediumMemoryUsage",
            "mediumInputUtilization",
            "mediumOutputUtilization")
        .str("cloudLocationId", "cloudSetupId", "cloudDiscoverySource");
  }

  static final Schema NEW_CLASSIC_DEVICE =
      deviceFields(new Schema("NewClassicDevice", "name", "host"));
  static final Schema CLASSIC_DEVICE_PATCH = deviceFields(new Schema("ClassicDevicePatch"));
  static final Schema CLASSIC_DEVICES_PATCH =
      new Schema("ClassicDevicesPatch").strings("names").object("update", "ClassicDevicePatch");

  static final Schema DEVICE_NAMES = new Schema("DeviceNames").strings("names");
  static final Schema DEVICE_CRITERIA = new Schema("DeviceCriteria", "names").strings("names");

  static final Schema NEW_CLI_CREDENTIAL =
      new Schema("NewCliCredential", "type", "name", "password")
          .enumeration("type", "CliCredentialType", CLI_CREDENTIAL_TYPES)
          .str("name", "username", "password", "privilegedModePasswordId")
          .integer("privilegeLevel")
          .bool("autoAssociate");
  static final Schema CLI_CREDENTIAL_UPDATE =
      new Schema("CliCredentialUpdate")
          .str("name", "username", "password", "privilegedModePasswordId")
          .integer("privilegeLevel")
          .bool("autoAssociate");

  private static Schema jumpFields(Schema s) {
    return s.str("host")
        .integer("port", 1, 65535)
        .str("username", "password", "sshKey", "sshCert")
        .bool("supportsPortForwarding")
        .enumeration(
            "commandFormat",
            "JumpServerCommandFormat",
            Set.of("UNIX", "CISCO_IOS", "JUNOS", "PANORAMA"))
        .str("vrf")
        .integer("authenticationTimeoutSeconds");
  }

  static final Schema NEW_JUMP_SERVER = jumpFields(new Schema("NewJumpServer", "host", "username"));
  static final Schema JUMP_SERVER_UPDATE = jumpFields(new Schema("JumpServerUpdate"));

  /** Unpublished (forward-api.md §3.6). */
  static final Schema NEW_SNMP_CREDENTIAL =
      new Schema("SnmpCredential", "name", "version")
          .str("name")
          .enumeration("version", "SnmpVersion", Set.of("V2C", "V3"))
          .str("communityString")
          .object("authSettings", "SnmpV3AuthSettings")
          .bool("autoAssociate");

  static final Schema SNMP_CREDENTIAL_UPDATE =
      new Schema("SnmpCredential")
          .str("name")
          .enumeration("version", "SnmpVersion", Set.of("V2C", "V3"))
          .str("communityString")
          .object("authSettings", "SnmpV3AuthSettings")
          .bool("autoAssociate");

  private static Schema cliEndpointFields(Schema s) {
    return s.str("name", "host")
        .integer("port", 1, 65535)
        .enumeration("protocol", "Protocol", Set.of("SSH", "TELNET"))
        .str("profileId", "credentialId", "jumpServerId")
        .bool("fullCollectionLog", "largeRtt", "collect")
        .str("note");
  }

  static final Schema NEW_CLI_ENDPOINT =
      cliEndpointFields(new Schema("CliNetworkEndpoint", "type", "name", "host").str("type"));
  static final Schema CLI_ENDPOINT_PATCH = cliEndpointFields(new Schema("CliNetworkEndpointPatch"));
  static final Schema ENDPOINTS_PATCH =
      new Schema("NetworkEndpointsPatch")
          .enumeration("type", "ConnectionType", Set.of("CLI", "SNMP", "HTTP"))
          .str("profileId")
          .enumeration("protocol", "Protocol", Set.of("SSH", "TELNET"))
          .str("credentialId", "jumpServerId")
          .bool("collect")
          .str("note");
  static final Schema ENDPOINTS_PATCH_REQUEST =
      new Schema("NetworkEndpointsPatchRequest", "names", "update")
          .strings("names")
          .object("update", "NetworkEndpointsPatch");

  private static Schema profileFields(Schema s) {
    return s.str("name", "detectorCommand")
        .strings("detectorPatterns", "detectorErrorPatterns")
        .str("nameDetectorCommand")
        .strings("nameDetectorPatterns")
        .str("prompt", "promptResponse", "pagePrompt", "pagePromptResponse", "ptyType")
        .integer("ptyColumnSize")
        .str("clearPrompt")
        .integer("responseTimeoutSec")
        .strings("commandSets", "customCommands");
  }

  static final Schema CLI_PROFILE_DEF =
      profileFields(new Schema("CliEndpointProfileDef", "type", "name").str("type"));
  static final Schema CLI_PROFILE_PATCH = profileFields(new Schema("CliEndpointProfilePatch"));

  static final Schema NETWORK_UPDATE =
      new Schema("NetworkUpdate").str("name", "note").integer("retentionDays", 1, 365);

  /** Unpublished (forward-api.md §3.2). */
  static final Schema NEW_COLLECTOR =
      new Schema("NewCollector", "collectorName").str("collectorName");

  /** Unpublished (forward-api.md §3.4). */
  static final Schema COLLECTOR_BINDING =
      new Schema("CollectorBinding", "username").str("username");
}
