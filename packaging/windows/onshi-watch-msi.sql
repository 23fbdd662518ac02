-- What scripts/package.sh adds to the MSI after wixl (msitools 0.101) built it from
-- onshi-watch.wxs, with msibuild, one statement a line; lines starting with -- are left out,
-- @VERSION@ is the MSI's version. Before these, package.sh sets the database's code page to
-- 932: wixl writes code page 0, which holds ASCII only, so the Japanese texts are set here.
--
-- The Start-menu shortcut's System.AppUserModel.ID: Windows shows a desktop app's toasts only
-- when a Start-menu shortcut carries the id the app raises them with (notifier.rs). Windows
-- Installer 5.0 (Windows 7 and later) sets it from this table; wixl has no element for it.
CREATE TABLE `MsiShortcutProperty` (`MsiShortcutProperty` CHAR(72) NOT NULL, `Shortcut_` CHAR(72) NOT NULL, `PropertyKey` CHAR(0) NOT NULL, `PropVariantValue` CHAR(0) NOT NULL PRIMARY KEY `MsiShortcutProperty`)
INSERT INTO `MsiShortcutProperty` (`MsiShortcutProperty`, `Shortcut_`, `PropertyKey`, `PropVariantValue`) VALUES ('StartMenuShortcutAppId', 'StartMenuShortcut', 'System.AppUserModel.ID', 'jp.onshiwatch.desktop')
--
-- Major upgrade: remove the older version whole right after InstallValidate, before anything
-- of the new one is installed (wixl has no MajorUpgrade/@Schedule). CheckPolicy (1390)
-- comes before it, so a bad PREFECTURE etc. leaves the older version as it was.
UPDATE `InstallExecuteSequence` SET `Sequence` = 1401 WHERE `Action` = 'RemoveExistingProducts'
-- ...and replace an installed build of the same version too, instead of installing beside it
-- (wixl has no MajorUpgrade/@AllowSameVersionUpgrades): versions up to and including this one
-- (513 = MigrateFeatures + VersionMaxInclusive). The code is the .wxs's UpgradeCode.
DELETE FROM `Upgrade` WHERE `ActionProperty` = 'WIX_UPGRADE_DETECTED'
INSERT INTO `Upgrade` (`UpgradeCode`, `VersionMax`, `Attributes`, `ActionProperty`) VALUES ('{56EAF12D-D9E3-47AB-82CD-D98B9AF54E79}', '@VERSION@', 513, 'WIX_UPGRADE_DETECTED')
--
-- A running app (any user's) holds its files open: taskkill ends it before the files are
-- replaced or removed, on install, upgrade and uninstall (taskkill exits non-zero when none
-- runs: ignored). Type 3170 = 34 (an EXE in a folder, Source the folder, Target the command)
-- + 64 (Return="ignore") + 1024 (deferred) + 2048 (as LocalSystem, which may end any user's).
-- wixl has no CustomAction/@Directory.
INSERT INTO `CustomAction` (`Action`, `Type`, `Source`, `Target`) VALUES ('EndRunningApp', 3170, 'System64Folder', '"[System64Folder]taskkill.exe" /F /IM onshi-watch.exe')
INSERT INTO `InstallExecuteSequence` (`Action`, `Sequence`) VALUES ('EndRunningApp', 1501)
--
-- The administrator's values reach the elevated part of the install from a command line too
-- (wixl has no Property/@Secure); the first two are wixl's own, for MajorUpgrade.
UPDATE `Property` SET `Value` = 'WIX_DOWNGRADE_DETECTED;WIX_UPGRADE_DETECTED;PREFECTURE;FACILITY;FEED_URL;FEED_KEY;RELAY_FOLDER' WHERE `Property` = 'SecureCustomProperties'
--
-- Japanese first, as in the NSIS setup: the name in Apps & features, the shortcut's tooltip,
-- the feature, and the message when a newer version is already installed.
UPDATE `Property` SET `Value` = 'オン資ウォッチ (Onshi Watch)' WHERE `Property` = 'ProductName'
UPDATE `Shortcut` SET `Description` = 'オン資の停止予定を受付に知らせる' WHERE `Shortcut` = 'StartMenuShortcut'
UPDATE `Feature` SET `Title` = 'オン資ウォッチ' WHERE `Feature` = 'OnshiWatch'
UPDATE `LaunchCondition` SET `Description` = 'より新しい版のオン資ウォッチが入っています。 / A newer version of Onshi Watch is installed.' WHERE `Condition` = 'NOT WIX_DOWNGRADE_DETECTED'
