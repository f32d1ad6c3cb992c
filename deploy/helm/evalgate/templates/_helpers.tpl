{{- define "evalgate.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "evalgate.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "evalgate.selectorLabels" -}}
app.kubernetes.io/name: {{ include "evalgate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "evalgate.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "evalgate.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "evalgate.secretName" -}}
{{- default (include "evalgate.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{/* gateway.yaml: values.config with server.host/port and cache.redis filled in. */}}
{{- define "evalgate.config" -}}
{{- $config := deepCopy .Values.config }}
{{- $server := get $config "server" | default dict }}
{{- $_ := set $server "host" "0.0.0.0" }}
{{- $_ := set $server "port" (int .Values.containerPort) }}
{{- $_ := set $config "server" $server }}
{{- if or .Values.redis.url .Values.redis.existingSecret }}
{{- $cache := get $config "cache" | default dict }}
{{- $_ := set $cache "redis" (dict "url" "${REDIS_URL}" "cluster" .Values.redis.cluster) }}
{{- $_ := set $config "cache" $cache }}
{{- end }}
{{- toYaml $config }}
{{- end }}
