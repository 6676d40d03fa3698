// Azure resources for Entra Bulk Admin: App Service (Linux, Node 20) running the bot, a storage account for
// durable jobs (Tables, Blobs, Queues), and an Azure Bot (single tenant, Teams channel) with the OAuth
// connection the admins sign in through. Deployed by `teamsapp provision` (arm/deploy in teamsapp.yml).

@maxLength(12)
@minLength(3)
@description('Prefix for every resource name: lowercase letters and digits. A suffix unique to the resource group is added.')
param resourceBaseName string = 'entrabulk'

@description('Client ID of the bot\'s Entra app registration (aadApp/create writes it to BOT_ID).')
param botAadAppClientId string

@secure()
@description('Client secret of that app registration (SECRET_BOT_PASSWORD in env/.env.<env>.user).')
param botAadAppClientSecret string

@secure()
@description('32 random bytes in base64 (SECRET_JOB_DATA_KEY in env/.env.<env>.user, from `openssl rand -base64 32`): encrypts initial passwords kept in job rows. Keep it stable; rows sealed under a lost key must be run again.')
param jobDataKey string

@description('Your Entra tenant ID: the bot and the app registration are single-tenant.')
param botTenantId string

@maxLength(42)
param botDisplayName string = 'Entra Bulk Admin'

@description('Name of the OAuth connection on the Azure Bot; the app reads it from OAUTH_CONNECTION_NAME.')
param oauthConnectionName string = 'graph'

@description('Delegated Microsoft Graph scopes the OAuth connection asks for, space-separated. Keep in step with aad.manifest.json.')
param graphScopes string

param graphBaseUrl string = 'https://graph.microsoft.com/v1.0'

@description('App Service plan SKU. B1 or higher: Always On keeps long jobs running.')
param webAppSku string = 'B1'

@description('App Service instances running the bot. 2 or 3 for availability: jobs, job limits, each tenant\'s Graph write budget and sign-in for jobs are shared through the one storage account below, so instances need nothing else. B1 allows up to 3.')
@minValue(1)
@maxValue(10)
param instanceCount int = 1

param botServiceSku string = 'F0'

@description('true: the app reaches storage with an account key (connection string). false: with its managed identity and RBAC roles.')
param useStorageConnectionString bool = false

param logLevel string = 'info'

param location string = resourceGroup().location

var uniqueSuffix = take(uniqueString(resourceGroup().id, resourceBaseName), 8)
var appName = toLower('${resourceBaseName}-${uniqueSuffix}')
var storageAccountName = toLower(replace('${resourceBaseName}${uniqueSuffix}', '-', ''))

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: useStorageConnectionString
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: appName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

var storageConnectionString = 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'

var connectionStringSetting = [
  {
    name: 'AZURE_STORAGE_CONNECTION_STRING'
    value: storageConnectionString
  }
]

// Used with the managed identity and the data roles assigned below; the app derives the table and queue endpoints.
var accountUrlSetting = [
  {
    name: 'AZURE_STORAGE_ACCOUNT_URL'
    value: storage.properties.primaryEndpoints.blob
  }
]

var baseAppSettings = [
  {
    name: 'WEBSITE_RUN_FROM_PACKAGE'
    value: '1'
  }
  {
    name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
    value: 'false'
  }
  {
    name: 'BOT_ID'
    value: botAadAppClientId
  }
  {
    name: 'BOT_PASSWORD'
    value: botAadAppClientSecret
  }
  {
    name: 'BOT_TENANT_ID'
    value: botTenantId
  }
  {
    name: 'JOB_DATA_KEY'
    value: jobDataKey
  }
  {
    name: 'AUTH_MODE'
    value: 'teams'
  }
  {
    name: 'OAUTH_CONNECTION_NAME'
    value: oauthConnectionName
  }
  {
    name: 'GRAPH_BASE_URL'
    value: graphBaseUrl
  }
  {
    name: 'STORAGE'
    value: 'azure'
  }
  {
    name: 'LOG_LEVEL'
    value: logLevel
  }
]

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: appName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      appCommandLine: 'node dist/index.js'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      appSettings: concat(baseAppSettings, useStorageConnectionString ? connectionStringSetting : accountUrlSetting)
    }
  }
}

var storageDataRoles = [
  'ba92f5b4-2d11-453d-a403-e96b0029c9fe' // Storage Blob Data Contributor
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor
]

resource storageRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in storageDataRoles: if (!useStorageConnectionString) {
    name: guid(storage.id, webApp.id, roleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: webApp.identity.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  name: appName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: botAadAppClientId
    msaAppType: 'SingleTenant'
    msaAppTenantId: botTenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

// The connection the bot signs admins in through. Its token exchange URL is the app registration's
// identifier URI, which is what lets Teams single sign-on swap the Teams token for a Graph token.
resource oauthConnection 'Microsoft.BotService/botServices/connections@2022-09-15' = {
  parent: botService
  name: oauthConnectionName
  location: 'global'
  properties: {
    serviceProviderDisplayName: 'Azure Active Directory v2'
    serviceProviderId: '30dd229c-58e3-4a48-bdfd-91ec48eb906c'
    scopes: graphScopes
    parameters: [
      {
        key: 'clientId'
        value: botAadAppClientId
      }
      {
        key: 'clientSecret'
        value: botAadAppClientSecret
      }
      {
        key: 'tenantID'
        value: botTenantId
      }
      {
        key: 'tokenExchangeUrl'
        value: 'api://botid-${botAadAppClientId}'
      }
    ]
  }
}

output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output AZURE_STORAGE_ACCOUNT_NAME string = storage.name
output OAUTH_CONNECTION_NAME string = oauthConnection.name
